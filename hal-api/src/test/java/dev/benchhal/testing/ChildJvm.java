package dev.benchhal.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a second JVM for tests that need a real process boundary (module path, shutdown hooks). */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar or directory a class was loaded from. */
    public static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar a class (named, so this code need not read its module) was loaded from. */
    public static Path locationOf(String className) {
        try {
            return locationOf(Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test classpath", e);
        }
    }

    public static String pathOf(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    /** Starts {@code java ARGS} with output captured to files, so a full pipe never blocks it. */
    public static Process start(List<String> args, Path outDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectOutput(outDir.resolve("stdout.txt").toFile())
                .redirectError(outDir.resolve("stderr.txt").toFile())
                .start();
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(List<String> args, Path outDir, Duration timeout) throws IOException, InterruptedException {
        Process p = start(args, outDir);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish within " + timeout + ": " + args);
        }
        return new Result(p.exitValue(), read(outDir.resolve("stdout.txt")), read(outDir.resolve("stderr.txt")));
    }

    public static String read(Path p) throws IOException {
        return java.nio.file.Files.readString(p, StandardCharsets.UTF_8);
    }
}
