package dev.benchhal.core.safety;

import dev.benchhal.safety.SafeState;
import dev.benchhal.safety.SafetyNet;

import dev.benchhal.error.HalException;
import dev.benchhal.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetyNetTest {

    @ParameterizedTest(name = "JVM ends by {0}")
    @ValueSource(strings = {"exit", "throw"})
    void shutdownHookSwitchesTheOutputOff(String mode, @TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        ChildJvm.Result r = ChildJvm.run(List.of("-cp", System.getProperty("java.class.path"),
                SafetyNetChild.class.getName(), state.toString(), mode), dir, Duration.ofMinutes(1));
        assertThat(r.stdout()).contains("READY");
        assertThat(Files.readString(state)).as(r.stderr()).isEqualTo("OFF");
    }

    @Test
    void sigtermSwitchesTheOutputOff(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Process p = ChildJvm.start(List.of("-cp", System.getProperty("java.class.path"),
                SafetyNetChild.class.getName(), state.toString(), "wait"), dir);
        Path out = dir.resolve("stdout.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ChildJvm.read(out).contains("READY") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(state)).isEqualTo("ON");
        p.destroy(); // SIGTERM on Linux
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(state)).as(ChildJvm.read(dir.resolve("stderr.txt"))).isEqualTo("OFF");
    }

    @Test
    void closedNetLeavesDevicesAlone(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        ChildJvm.run(List.of("-cp", System.getProperty("java.class.path"), SafetyNetChild.class.getName(),
                state.toString(), "deregistered"), dir, Duration.ofMinutes(1));
        assertThat(Files.readString(state)).isEqualTo("ON");
    }

    @Test
    void guardEntersTheSafeStateWhenTheOwnerFails() {
        AtomicInteger offs = new AtomicInteger();
        SafeState psu = safe(offs::incrementAndGet);
        assertThatThrownBy(() -> SafetyNet.guard(psu, () -> {
            throw new IllegalStateException("assertion in test");
        })).hasMessage("assertion in test");
        assertThat(offs).hasValue(1);
        assertThat(SafetyNet.guard(psu, () -> 42)).isEqualTo(42);
        assertThat(offs).hasValue(1);
    }

    @Test
    void failingSafeStateIsAttachedToTheOriginalError() {
        SafeState broken = safe(() -> {
            throw new HalException("psu", "port gone");
        });
        assertThatThrownBy(() -> SafetyNet.guard(broken, () -> {
            throw new IllegalStateException("first");
        })).hasMessage("first").satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessage("psu: port gone"));
    }

    @Test
    void enterSafeStateAllTriesEveryDeviceWithinItsTimeout() {
        AtomicInteger offs = new AtomicInteger();
        try (ShutdownSafetyNet net = new ShutdownSafetyNet("t", Duration.ofMillis(200))) {
            net.protect("hung", safe(() -> {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            net.protect("failing", safe(() -> {
                throw new IllegalStateException("no reply");
            }));
            SafetyNet.Registration ok = net.protect("ok", safe(offs::incrementAndGet));
            List<Throwable> failures = net.enterSafeStateAll("test failed");
            assertThat(offs).hasValue(1);
            assertThat(failures).hasSize(2);
            assertThat(failures.get(0)).hasMessageContaining("hung").hasMessageContaining("did not complete within 200 ms");
            assertThat(failures.get(1)).hasMessage("no reply");
            ok.close();
            assertThat(net.size()).isEqualTo(2);
        }
    }

    private static SafeState safe(Runnable action) {
        return new SafeState() {
            @Override
            public void enterSafeState() {
                action.run();
            }

            @Override
            public boolean safeStateOnClose() {
                return true;
            }
        };
    }
}
