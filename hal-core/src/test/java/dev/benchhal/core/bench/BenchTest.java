package dev.benchhal.core.bench;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalShellProvider;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.testing.FakeThermometer;
import dev.benchhal.testing.Thermometer;
import dev.benchhal.testing.ThermometerProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchTest {

    private final ThermometerProvider thermo = new ThermometerProvider();
    private final DriverRegistry registry = DriverRegistry.of(thermo, new LocalShellProvider());

    private static BenchConfig yaml(String text) {
        return BenchFiles.parse(text, "bench.yaml", Path.of("/bench"));
    }

    @Test
    void opensLazilyAndReturnsOneInstancePerRole() {
        try (Bench bench = Bench.open(yaml("devices:\n  a: thermo:one\n  b: thermo:two\n"), registry)) {
            assertThat(thermo.opens).hasValue(0);
            Thermometer a = bench.get("a", Thermometer.class);
            assertThat(bench.get("a", Thermometer.class)).isSameAs(a);
            assertThat(thermo.opens).hasValue(1);
            assertThat(a.measureCelsius()).isEqualTo(21.5);
        }
    }

    @Test
    void unknownSchemeFailsWhereTheRoleIsUsedWithFileLineKeyAndUri() {
        BenchConfig c = yaml("devices:\n  a: thermo:one\n  psu:\n    uri: owen:sim:SPE6103\n");
        String expected = "bench.yaml line 4 (devices.psu.uri): owen:sim:SPE6103: unknown scheme \"owen\"; installed: "
                + "local (HostShell), thermo (Thermometer)";
        try (Bench bench = Bench.open(c, registry)) {
            // one bench file serves a team: a test that uses only "a" does not need the other roles' drivers
            assertThat(bench.get("a", Thermometer.class).measureCelsius()).isEqualTo(21.5);
            assertThatThrownBy(() -> bench.get("psu", Thermometer.class)).isInstanceOf(ConfigException.class).hasMessage(expected);
            assertThatThrownBy(bench::check).isInstanceOf(ConfigException.class).hasMessage(expected);
        }
        // the same check of a configuration alone, with no bench opened (benchhal bench): the same error, nothing opened
        assertThatThrownBy(() -> Bench.check(c, registry)).isInstanceOf(ConfigException.class).hasMessage(expected);
        Bench.check(yaml("devices:\n  a: thermo:one\n"), registry);
        assertThat(thermo.opens).hasValue(1);
        try (Bench good = Bench.open(yaml("devices:\n  a: thermo:one\n"), registry)) {
            assertThat(good.check()).isSameAs(good);
        }
    }

    @Test
    void aSchemeOfThisProjectsDriversNamesTheArtifactToAdd() {
        BenchConfig c = yaml("devices:\n  rig: ssh://root@rig.example\n");
        try (Bench bench = Bench.open(c, registry)) {
            assertThatThrownBy(bench::check).isInstanceOf(ConfigException.class).hasMessage(
                    "bench.yaml line 2 (devices.rig.uri): ssh://root@rig.example: the driver for \"ssh\" is not installed: "
                            + "add the dependency dev.benchhal:hal-ssh (installed: local (HostShell), thermo (Thermometer))");
        }
    }

    @Test
    void wrongFamilyNamesTheFileLine() {
        try (Bench bench = Bench.open(yaml("devices:\n  rig: \"local:\"\n"), registry)) {
            assertThatThrownBy(() -> bench.get("rig", Thermometer.class))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("bench.yaml line 2 (devices.rig.uri): local:: scheme \"local\" opens a HostShell, not a Thermometer");
            // opening it with the right type still works afterwards
            assertThat(bench.get("rig", HostShell.class).run("true").exitCode()).isZero();
            assertThatThrownBy(() -> bench.get("rig", Thermometer.class)).hasMessageContaining("is a HostShell, not a Thermometer");
        }
    }

    @Test
    void unknownRoleListsTheConfiguredOnes() {
        try (Bench bench = Bench.open(yaml("devices:\n  a: thermo:one\n  b: thermo:two\n"), registry)) {
            assertThatThrownBy(() -> bench.get("psu", Thermometer.class)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no device with role \"psu\"; configured roles: a, b");
        }
    }

    @Test
    void closesInReverseOrderOfOpening() {
        Bench bench = Bench.open(yaml("devices:\n  a: thermo:1\n  b: thermo:2\n  c: thermo:3\n"), registry);
        bench.get("b", Thermometer.class);
        bench.get("c", Thermometer.class);
        bench.get("a", Thermometer.class);
        bench.close();
        assertThat(thermo.closeLog).containsExactly("a", "c", "b");
        assertThatThrownBy(() -> bench.get("a", Thermometer.class)).isInstanceOf(DisconnectedException.class);
        bench.close(); // idempotent
        assertThat(thermo.closeLog).hasSize(3);
    }

    @Test
    void closeFailuresAreReportedAfterEveryDeviceWasClosed() {
        Bench bench = Bench.open(yaml("""
                devices:
                  a: thermo:1?failClose=true
                  b: thermo:2
                  c:
                    uri: thermo:3?hangClose=5s
                    closeTimeout: 100ms
                """), registry);
        bench.get("a", Thermometer.class);
        bench.get("b", Thermometer.class);
        bench.get("c", Thermometer.class);
        assertThatThrownBy(bench::close)
                .isInstanceOf(HalException.class)
                .hasMessageContaining("2 device(s) failed to close")
                .satisfies(e -> {
                    List<String> all = new ArrayList<>();
                    all.add(e.getCause().getMessage());
                    for (Throwable s : e.getSuppressed()) {
                        all.add(s.getMessage());
                    }
                    assertThat(all).anyMatch(m -> m.contains("did not close within 100 ms"))
                            .anyMatch(m -> m.contains("close failed for a"));
                });
        assertThat(thermo.closeLog).contains("b");
    }

    @Test
    void devicesCanUseOtherRolesAndCyclesAreReported() {
        try (Bench bench = Bench.open(yaml("devices:\n  rrh: thermo:x?needs=rig\n  rig: thermo:y\n"), registry)) {
            bench.get("rrh", Thermometer.class);
            assertThat(thermo.opens).hasValue(2);
        }
        assertThat(thermo.closeLog).containsExactly("rrh", "rig");
        try (Bench bench = Bench.open(yaml("devices:\n  a: thermo:x?needs=b\n  b: thermo:y?needs=a\n"), registry)) {
            assertThatThrownBy(() -> bench.get("a", Thermometer.class)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cycle: a -> b -> a");
        }
    }

    @Test
    void concurrentGetsOpenEachRoleOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Bench bench = Bench.open(yaml("devices:\n  a: thermo:1?openDelayMs=50\n  b: thermo:2?openDelayMs=20\n"), registry)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Thermometer>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String role = i % 2 == 0 ? "a" : "b";
                futures.add(pool.submit(() -> {
                    go.await();
                    return bench.get(role, Thermometer.class);
                }));
            }
            go.countDown();
            Set<Thermometer> distinct = ConcurrentHashMap.newKeySet();
            for (Future<Thermometer> f : futures) {
                distinct.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(2);
            assertThat(thermo.opens).hasValue(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void optionsFromTheFileReachTheDriver() {
        try (Bench bench = Bench.open(yaml("devices:\n  a:\n    uri: thermo:1\n    options: {unit: K}\n"), registry)) {
            FakeThermometer t = (FakeThermometer) bench.get("a", Thermometer.class);
            assertThat(t.spec().options()).containsEntry("unit", "K");
            assertThat(t.spec().role()).isEqualTo("a");
        }
    }

    @Test
    void aBenchOfSimulatorsRunsInVirtualTimeUnlessItsFileSaysOtherwise() {
        try (Bench sims = Bench.open(yaml("devices:\n  a: thermo:sim1\n  b: thermo:sim2\n"), registry)) {
            assertThat(sims.clock()).isInstanceOf(VirtualClock.class);
            long start = sims.clock().nanoTime();
            sims.clock().sleep(java.time.Duration.ofHours(1)); // returns at once: nobody else waits on this clock
            assertThat(sims.clock().since(start)).isEqualTo(java.time.Duration.ofHours(1));
        }
        try (Bench mixed = Bench.open(yaml("devices:\n  a: thermo:sim1\n  rig: \"local:\"\n"), registry)) {
            assertThat(mixed.clock()).as("a real device on the bench").isSameAs(dev.benchhal.time.BenchClock.system());
        }
        try (Bench real = Bench.open(yaml("time: real\ndevices:\n  a: thermo:sim1\n"), registry)) {
            assertThat(real.clock()).isSameAs(dev.benchhal.time.BenchClock.system());
        }
        try (Bench virtual = Bench.open(yaml("time: virtual\ndevices:\n  rig: \"local:\"\n"), registry)) {
            assertThat(virtual.clock()).isInstanceOf(VirtualClock.class);
        }
        try (Bench unknown = Bench.open(yaml("devices:\n  a: thermo:sim1\n  b: owen:sim:X\n"), registry)) {
            assertThat(unknown.clock()).as("a role no driver has is not known to be simulated").isSameAs(dev.benchhal.time.BenchClock.system());
        }
        assertThatThrownBy(() -> yaml("time: soon\ndevices: {}\n")).isInstanceOf(ConfigException.class)
                .hasMessage("bench.yaml line 1 (time): time \"soon\": expected auto, virtual or real");
    }

    @Test
    void theEnvironmentChoosesTheClockOverTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("bench.yaml"), "time: virtual\ndevices:\n  rig: \"local:\"\n");
        BenchConfig fromFile = BenchResolver.create().workingDirectory(dir).environment(java.util.Map.of()).resolve();
        assertThat(fromFile.time()).isEqualTo(BenchTime.VIRTUAL);
        BenchConfig fromEnv = BenchResolver.create().workingDirectory(dir).environment(java.util.Map.of("BENCHHAL_TIME", "real")).resolve();
        assertThat(fromEnv.time()).isEqualTo(BenchTime.REAL);
        assertThatThrownBy(() -> BenchResolver.create().workingDirectory(dir).environment(java.util.Map.of("BENCHHAL_TIME", "fast")).resolve())
                .isInstanceOf(ConfigException.class).hasMessage("env BENCHHAL_TIME: time \"fast\": expected auto, virtual or real");
    }

    @Test
    void aRoleThatAnotherRolesOptionNamesButTheBenchLacksSaysWhoAsked() {
        try (Bench bench = Bench.open(yaml("devices:\n  a: thermo:one?needs=hubb\n  hub: thermo:two\n"), registry)) {
            assertThatThrownBy(() -> bench.get("a", Thermometer.class)).isInstanceOf(NotFoundException.class)
                    .hasMessage("bench.yaml: role \"a\" (thermo:one?needs=hubb) needs a Thermometer with role \"hubb\", "
                            + "which the bench does not have; configured roles: a, hub");
        }
    }
}
