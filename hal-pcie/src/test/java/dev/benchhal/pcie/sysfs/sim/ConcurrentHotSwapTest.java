package dev.benchhal.pcie.sysfs.sim;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.sysfs.PcieProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One simulated host shared by readers and by threads swapping radios, as a campaign with several paths does. */
class ConcurrentHotSwapTest {

    @Test
    void readersAndSwappersShareOneHost() throws Exception {
        try (PcieHost host = new PcieProvider().open(DeviceSpec.of("pcie:sim?radios=4&functions=120&training=0ms"),
                DriverContext.standalone())) {
            int all = host.devices().size();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                PcieAddress radio = new PcieAddress(0, r + 1, 0, 0);
                String slot = String.valueOf(r + 1);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        host.setSlotPower(slot, false);
                        assertThat(host.device(radio)).isEmpty();
                        host.setSlotPower(slot, true);
                        assertThat(host.device(radio)).isPresent();
                    }
                    return null;
                }));
            }
            for (int reader = 0; reader < 2; reader++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        List<PcieDevice> seen = host.devices();
                        // only radios come and go: everything else is always there
                        assertThat(seen.size()).isBetween(all - 4, all);
                        try {
                            host.snapshot(dev.benchhal.pcie.SnapshotOptions.defaults("reader"));
                        } catch (NotFoundException e) {
                            throw new AssertionError(e);
                        }
                    }
                    return null;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : work) {
                f.get();
            }
            assertThat(host.devices()).hasSize(all);
        }
    }
}
