package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.DomainState;
import dev.benchhal.hypervisor.HypervisorClient;
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

/** Several harness paths share one client: their lifecycles interleave, and close still removes what each left. */
class ConcurrentClientTest {

    @Test
    void pathsShareOneClientAndCloseCleansUpAfterAllOfThem() throws Exception {
        try (HypervisorClient observer = open()) {
            HypervisorClient shared = open();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> paths = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int path = p;
                paths.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String name = "concurrent-" + path + "-" + i;
                        shared.define(DomainSpec.builder(name).memoryMiB(64).vcpus(1).build());
                        shared.start(name);
                        assertThat(shared.state(name)).isEqualTo(DomainState.RUNNING);
                        if (i % 2 == 0) {
                            shared.destroy(name);
                            shared.undefine(name);
                        }
                    }
                    return null;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : paths) {
                f.get();
            }
            assertThat(observer.leftovers()).hasSize(20);
            shared.close();
            assertThat(observer.leftovers()).isEmpty();
        }
    }

    private static HypervisorClient open() {
        return new LibvirtProvider().open(DeviceSpec.of("libvirt:test:///default"), DriverContext.standalone());
    }
}
