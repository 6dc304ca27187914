package dev.benchhal.lab;

import dev.benchhal.core.util.ProcessTrees;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's test as a process of its own, as the seed runs {@code run-tests.py}: a crash of the test cannot take the
 * scheduler down. See {@link LabTest#command(List)}.
 */
final class CommandTest implements LabTest {

    /**
     * Runs the command in a session of its own and kills that whole session when this wrapper's standard input ends:
     * when the scheduler closes it (time limit, lease lost, stop) or when the scheduler's process dies, so no test
     * goes on touching boards whose lease ended.
     */
    private static final String WRAPPER = "exec 3<&0; setsid \"$@\" </dev/null 3<&- & c=$!;"
            + " (read _ <&3; kill -KILL -$c 2>/dev/null || kill -KILL $c 2>/dev/null) & w=$!;"
            + " exec 3<&-; wait $c; s=$?; kill $w 2>/dev/null; exit $s";

    private final List<String> command;

    CommandTest(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a test command needs at least the program");
        }
        for (String part : command) {
            if (part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a test command's arguments cannot hold NUL characters: " + command);
            }
        }
        this.command = List.copyOf(command);
    }

    @Override
    public void run(RunContext context) throws Exception {
        TestRun run = context.run();
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "benchhal-run"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(context.directory().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(context.directory().resolve("run.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("BENCHHAL_RUN_ID", run.id());
        env.put("BENCHHAL_RUN_DIR", context.directory().toAbsolutePath().toString());
        env.put("BENCHHAL_SPEC", run.spec().name());
        env.put("BENCHHAL_LEASE_TOKEN", Long.toString(context.leaseToken()));
        for (int i = 0; i < run.boards().size(); i++) {
            String role = run.spec().needs().get(i).role().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            Board board = run.boards().get(i);
            env.put("BENCHHAL_BOARD_" + role, board.id());
            env.put("BENCHHAL_BOARD_" + role + "_TYPE", board.type());
            if (!run.firmware().isEmpty()) {
                Firmware firmware = run.firmware().get(i);
                env.put("BENCHHAL_FIRMWARE_" + role, firmware.image() == null ? firmware.label() : firmware.image().toString());
            }
        }
        context.log().println("$ " + String.join(" ", command));
        Process process = builder.start();
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            // closing the wrapper's input kills the test's session; the tree kill catches anything that left it
            closeQuietly(process);
            ProcessTrees.kill(process);
            throw e;
        } finally {
            closeQuietly(process);
        }
        if (exit == 1) {
            throw new AssertionError(command.get(0) + " exited with 1: the test failed (see run.log)");
        }
        if (exit != 0) {
            throw new IOException(command.get(0) + " exited with " + exit + (exit > 128 ? " (signal " + (exit - 128) + ")" : "")
                    + ": the test could not be carried out (see run.log)");
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the wrapper is gone already
        }
    }

    @Override
    public String toString() {
        return "command " + command;
    }
}
