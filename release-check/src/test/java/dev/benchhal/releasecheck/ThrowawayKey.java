package dev.benchhal.releasecheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A signing key made for one test and thrown away after it: GnuPG from Debian, in a home directory of its own
 * ({@code GNUPGHOME}), an Ed25519 key without passphrase valid for a day. The release build signs with it as it would
 * with the project's real key; {@link #verifies} checks a signature as a user does, with {@code gpg --verify}, and
 * accepts only a good signature by this key.
 */
final class ThrowawayKey implements AutoCloseable {

    private final Path home;
    private final String fingerprint;

    private ThrowawayKey(Path home, String fingerprint) {
        this.home = home;
        this.fingerprint = fingerprint;
    }

    /**
     * Makes the key.
     *
     * @param home an empty directory with a short path (gpg-agent's socket lives there)
     */
    static ThrowawayKey make(Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        gpg(home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
                "Bench HAL release check <release-check@benchhal.dev>", "ed25519", "sign", "1d");
        String fingerprint = gpg(home, "--batch", "--with-colons", "--list-secret-keys").lines()
                .filter(l -> l.startsWith("fpr:")).map(l -> l.split(":", -1)[9]).findFirst()
                .orElseThrow(() -> new IOException("gpg made no key in " + home));
        return new ThrowawayKey(home, fingerprint);
    }

    /** @return the environment a build needs to sign with this key */
    Map<String, String> environment() {
        return Map.of("GNUPGHOME", home.toString());
    }

    /** @return the key's fingerprint, for {@code -Dgpg.keyname} */
    String fingerprint() {
        return fingerprint;
    }

    /**
     * Checks a detached signature as a user of the release would.
     *
     * @return whether {@code signature} is a good signature of {@code file} by this key
     */
    boolean verifies(Path file, Path signature) throws IOException, InterruptedException {
        Result verify = run(home, "gpg", "--batch", "--status-fd", "1", "--verify", signature.toString(), file.toString());
        return verify.exit() == 0 && verify.out().lines().anyMatch(l -> l.startsWith("[GNUPG:] VALIDSIG " + fingerprint + " "));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(home, "gpgconf", "--kill", "all");
    }

    private static String gpg(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg"));
        command.addAll(List.of(args));
        Result result = run(home, command.toArray(String[]::new));
        if (result.exit() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + result.out());
        }
        return result.out();
    }

    private record Result(int exit, String out) { }

    private static Result run(Path home, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GNUPGHOME", home.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
