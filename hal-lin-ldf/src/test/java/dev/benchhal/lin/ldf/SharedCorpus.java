package dev.benchhal.lin.ldf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code ../shared/ldf} (the corpus beside the checkout), or {@code BENCHHAL_SHARED}/ldf. */
final class SharedCorpus {

    private SharedCorpus() {
    }

    /**
     * The corpus, or the end of the calling test: a failure in CI (where {@code ../shared} is always
     * laid beside the checkout, so its absence is a broken set-up, not a reason to skip), a skip with
     * the reason elsewhere.
     */
    static Path requireLdfDirectory() {
        Optional<Path> dir = ldfDirectory();
        if (dir.isEmpty()) {
            String reason = "the LDF corpus ../shared/ldf (or $BENCHHAL_SHARED/ldf) is not beside the checkout";
            if (System.getenv("CI") != null) {
                org.junit.jupiter.api.Assertions.fail(reason + ", and CI must have it");
            }
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        return dir.get();
    }

    static Optional<Path> ldfDirectory() {
        String env = System.getenv("BENCHHAL_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "ldf"))) {
            return Optional.of(Path.of(env, "ldf"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("ldf");
            if (Files.isDirectory(candidate.resolve("public")) && Files.isDirectory(candidate.resolve("expected"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
