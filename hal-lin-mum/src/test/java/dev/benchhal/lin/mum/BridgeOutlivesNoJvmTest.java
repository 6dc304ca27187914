package dev.benchhal.lin.mum;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM killed by SIGKILL runs no shutdown hook: the bridge must still go, because its stdin closes. */
class BridgeOutlivesNoJvmTest {

    @Test
    void theBridgeExitsWhenItsJvmIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BridgeHolder.class.getName()).redirectErrorStream(true).start();
        long pid = -1;
        Path installed = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("bridge-dir ")) {
                    installed = Path.of(line.substring("bridge-dir ".length()).strip());
                }
                if (line.startsWith("bridge-pid ")) {
                    pid = Long.parseLong(line.substring("bridge-pid ".length()).strip());
                    break;
                }
            }
            assertThat(pid).as("the child printed its bridge's pid").isPositive();
            ProcessHandle bridge = ProcessHandle.of(pid).orElseThrow();
            assertThat(bridge.isAlive()).isTrue();
            child.destroyForcibly();                 // SIGKILL: no shutdown hook runs
            child.waitFor(10, TimeUnit.SECONDS);
            bridge.onExit().get(10, TimeUnit.SECONDS);
            assertThat(bridge.isAlive()).isFalse();
        } finally {
            child.destroyForcibly();
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (installed != null && installed.getFileName().toString().startsWith("benchhal-bridge-")) {
                try (Stream<Path> files = Files.list(installed)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(installed);
            }
        }
    }
}
