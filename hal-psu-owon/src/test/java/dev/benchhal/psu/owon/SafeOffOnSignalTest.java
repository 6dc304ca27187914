package dev.benchhal.psu.owon;

import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.PtySimulator;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A harness JVM stopped by SIGTERM (Ctrl-C, a CI timeout) leaves the supply off: its shutdown hook switches it. */
class SafeOffOnSignalTest {

    @TempDir
    Path dir;

    @Test
    void theOutputGoesOffWhenTheOwningJvmIsTerminated() throws Exception {
        OwonSimulator simulator = new OwonSimulator(OwonModel.SPE6103, "SIG0001", BenchClock.system());
        try (PtySimulator pty = PtySimulator.start(simulator, dir)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SupplyHolder.class.getName(), pty.devicePath().toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("output on")) {
                    // log lines of the child
                }
                assertThat(line).as("the child switched the output on").isEqualTo("output on");
                assertThat(simulator.isOutputOn(1)).isTrue();
                child.destroy();                                  // SIGTERM
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(simulator.isOutputOn(1)).as("switched off by the child's shutdown hook").isFalse();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void thePtySimulatorsSocatEndsWithItsJvmHoweverItEnds() throws Exception {
        for (boolean forcibly : new boolean[]{false, true}) {
            Path ptys = java.nio.file.Files.createDirectories(dir.resolve(forcibly ? "killed" : "terminated"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PtyHolder.class.getName(), ptys.toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("pty up")) {
                    // log lines of the child
                }
                assertThat(line).as("the child started its simulator").isEqualTo("pty up");
                assertThat(processesMentioning(ptys)).as("socat serves the ptys").isNotEmpty();
                if (forcibly) {
                    child.destroyForcibly();                  // SIGKILL: no shutdown hook runs
                } else {
                    child.destroy();                          // SIGTERM
                }
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!processesMentioning(ptys).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(processesMentioning(ptys)).as("nothing of the simulator outlives its JVM").isEmpty();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** Processes of this machine whose command line names the directory. */
    private static java.util.List<Long> processesMentioning(Path directory) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(directory.toString()))
                .filter(p -> {
                    try {
                        return java.nio.file.Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                                .noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
                    } catch (java.io.IOException gone) {
                        return false;
                    }
                })
                .map(ProcessHandle::pid).toList();
    }
}
