package dev.benchhal.releasecheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Maven build run from a test as a user runs it: the checkout's wrapper ({@code ./mvnw}) in a process of its own,
 * batch mode with every transfer logged (the tests read where artifacts came from), output to a log file. Nothing of
 * the outer build's Maven set-up leaks in ({@code MAVEN_*} variables are dropped).
 */
final class NestedMaven {

    /** How a build ended: its exit code and its whole output. */
    record Build(int exit, String log) {
        boolean succeeded() {
            return exit == 0;
        }

        /** @return the last lines of the log, for a failure message */
        String tail() {
            List<String> lines = log.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private final Path root;

    /** @param root the checkout whose wrapper runs the builds */
    NestedMaven(Path root) {
        this.root = root;
    }

    /**
     * Runs a build and waits for it.
     *
     * @param log where its output goes
     * @param environment variables added to this process's environment (credentials, {@code GNUPGHOME})
     * @param minutes how long it may take before it is killed and reported as failed
     */
    Build run(Path log, Map<String, String> environment, long minutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MAVEN_") || k.startsWith("JAVA_TOOL"));
        builder.environment().putAll(environment);
        Process build = builder.start();
        if (!build.waitFor(minutes, TimeUnit.MINUTES)) {
            build.descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly().waitFor();
            return new Build(-1, Files.readString(log) + "\n(killed after " + minutes + " minutes)");
        }
        return new Build(build.exitValue(), Files.readString(log));
    }
}
