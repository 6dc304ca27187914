package dev.benchhal.lin.ldf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code ../shared/ldf} (the corpus beside the checkout), or {@code BENCHHAL_SHARED}/ldf. */
final class SharedCorpus {

    private SharedCorpus() {
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
