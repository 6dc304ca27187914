package dev.benchhal.tck;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.DomainState;
import dev.benchhal.hypervisor.HypervisorClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link HypervisorClient} contract: lifecycle, ownership and cleanup. Domains it creates are
 * named {@code benchhal-tck-...}; {@link #open()} must reach the same hypervisor state each time
 * (libvirt's {@code test:///default} does within one JVM).
 */
public abstract class HypervisorClientContract extends DeviceContract<HypervisorClient> {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** For driver tests that extend this contract. */
    protected HypervisorClientContract() {
    }

    /**
     * @param name the domain name
     * @return a domain this hypervisor can define and start; small by default
     */
    protected DomainSpec domainSpec(String name) {
        return DomainSpec.builder(name).memoryMiB(64).vcpus(1).build();
    }

    /** @return a fresh domain name for one test */
    protected static String freshName() {
        return "benchhal-tck-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    @Override
    protected void touch(HypervisorClient hv) {
        hv.domains();
    }

    @Test
    void definesStartsStopsAndUndefines() {
        String name = freshName();
        DomainInfo defined = device.define(domainSpec(name));
        assertThat(defined.name()).isEqualTo(name);
        assertThat(defined.owned()).isTrue();
        assertThat(device.state(name)).isEqualTo(DomainState.SHUT_OFF);
        device.start(name);
        assertThat(device.state(name)).isEqualTo(DomainState.RUNNING);
        device.destroy(name);
        assertThat(device.state(name)).isEqualTo(DomainState.SHUT_OFF);
        device.undefine(name);
        assertThat(device.domain(name)).isEmpty();
        assertThat(device.leftovers()).doesNotContain(name);
    }

    @Test
    void shutdownEndsShutOffOneWayOrTheOther() {
        String name = freshName();
        device.define(domainSpec(name));
        device.start(name);
        device.shutdown(name, Duration.ofSeconds(5));
        assertThat(device.state(name)).isEqualTo(DomainState.SHUT_OFF);
    }

    @Test
    void duplicateNameIsAConfigError() {
        String name = freshName();
        device.define(domainSpec(name));
        assertThatThrownBy(() -> device.define(domainSpec(name))).isInstanceOf(ConfigException.class).hasMessageContaining(name);
    }

    @Test
    void unknownDomainIsNotFound() {
        assertThatThrownBy(() -> device.state("benchhal-tck-no-such-domain")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("benchhal-tck-no-such-domain");
    }

    @Test
    void closeRemovesWhatTheClientCreated() {
        String name = freshName();
        device.define(domainSpec(name));
        device.start(name);
        device.close();
        try (HypervisorClient again = open()) {
            assertThat(again.domain(name)).isEmpty();
            assertThat(again.leftovers()).doesNotContain(name);
        }
    }

    @Test
    void keepOnCloseLeavesTheDomainAndLeftoversListIt() {
        String name = freshName();
        device.define(domainSpec(name));
        device.keepOnClose(name);
        device.close();
        try (HypervisorClient again = open()) {
            assertThat(again.domain(name)).isPresent();
            assertThat(again.leftovers()).contains(name);
            again.undefine(name);
            assertThat(again.leftovers()).doesNotContain(name);
        }
    }
}
