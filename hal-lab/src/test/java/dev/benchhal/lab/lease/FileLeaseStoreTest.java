package dev.benchhal.lab.lease;

import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileLeaseStoreTest extends LeaseStoreContract {

    @TempDir
    Path dir;
    private final VirtualClock clock = VirtualClock.manual();

    @Override
    protected LeaseStore newStore() {
        return FileLeaseStore.open(dir, "test", clock);
    }

    @Override
    protected void expire(LeaseStore holder, Lease lease) {
        clock.advanceTo(lease.expiresAt());
    }

    @Override
    protected LeaseStore newSystemClockStore() {
        return FileLeaseStore.open(dir, "test", BenchClock.system());
    }

    @Override
    protected List<String> childStoreArguments() {
        return List.of("file", dir.toString());
    }

    @Test
    void keepsLeasesInOneReadableFileWrittenWhole() throws IOException {
        LeaseStore a = holder();
        Lease lease = a.tryAcquire(List.of("5f2c"), Duration.ofMinutes(5)).orElseThrow();
        assertThat(Files.readAllLines(dir.resolve("leases")))
                .contains("5f2c " + lease.token() + " " + a.holder() + " " + lease.expiresAt().toEpochMilli());
        assertThat(dir.resolve("leases.tmp")).doesNotExist();
        assertThat(dir.resolve("holders").resolve(a.holder() + ".alive")).exists();
    }

    @Test
    void aDamagedFileIsAnErrorNamingItsLine() throws IOException {
        LeaseStore a = holder();
        assertThat(a.tryAcquire(List.of("b1"), Duration.ofMinutes(5))).isPresent();
        Files.writeString(dir.resolve("leases"), "next-token 3\nb1 x holder 0\n");
        assertThatThrownBy(() -> a.tryAcquire(List.of("b2"), Duration.ofMinutes(5))).isInstanceOf(LeaseStoreException.class)
                .hasMessageContaining("leases line 2").hasMessageContaining("b1 x holder 0");
    }

    @Test
    void tokensKeepGrowingAcrossHoldersThatComeAndGo() {
        long last = 0;
        for (int i = 0; i < 5; i++) {
            try (LeaseStore store = newStore()) {
                Lease lease = store.tryAcquire(List.of("b1"), Duration.ofMinutes(1)).orElseThrow();
                assertThat(lease.token()).isGreaterThan(last);
                last = lease.token();
            }
        }
    }
}
