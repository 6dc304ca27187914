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
}
