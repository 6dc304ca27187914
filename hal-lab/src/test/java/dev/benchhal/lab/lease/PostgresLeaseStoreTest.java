package dev.benchhal.lab.lease;

import dev.benchhal.core.time.Await;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lease contract on a real PostgreSQL server (private, on 127.0.0.1), and what only a database can lose. */
class PostgresLeaseStoreTest extends LeaseStoreContract {

    private static PrivatePostgres db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = PrivatePostgres.shared();
    }

    @Override
    protected LeaseStore newStore() {
        return PostgresLeaseStore.connect(db.jdbcUrl(), db.credentials(), "test");
    }

    @Override
    protected void expire(LeaseStore holder, Lease lease) {
        Lease soon = holder.renew(lease, Duration.ofMillis(1));
        // the database's clock decides: wait until it has passed the new expiry
        Await.until(BenchClock.system(), "the database clock to pass " + soon.expiresAt(), () -> {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.credentials());
                 Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT clock_timestamp() > '" + java.sql.Timestamp.from(soon.expiresAt()) + "'::timestamptz")) {
                rs.next();
                return rs.getBoolean(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(30), Duration.ofMillis(5));
    }

    @Override
    protected LeaseStore newSystemClockStore() {
        return newStore();
    }

    @Override
    protected List<String> childStoreArguments() {
        return List.of("pg", db.jdbcUrl(), PrivatePostgres.USER);
    }

    @Override
    protected Map<String, String> childEnvironment() {
        return Map.of("BENCHHAL_TEST_PGPASSWORD", db.credentials().getProperty("password"));
    }

    @Test
    void aHolderWhoseSessionDropsLosesItsBoardsAtOnce() throws Exception {
        PostgresLeaseStore lost = (PostgresLeaseStore) holder();
        LeaseStore other = holder();
        Lease lease = lost.tryAcquire(List.of("n1"), HOUR).orElseThrow();
        lost.dropSessionForTest();
        // the server ends the session's advisory lock as it notices the closed connection
        Optional<Lease> taken = Await.until(BenchClock.system(), "n1 free after its holder's session ended",
                () -> other.tryAcquire(List.of("n1"), HOUR), Optional::isPresent, Duration.ofSeconds(30), Duration.ofMillis(10));
        assertThat(taken.orElseThrow().token()).isGreaterThan(lease.token());
        assertThatThrownBy(() -> lost.verify(lease, "n1")).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining(other.holder());
    }

    @Test
    void aWrongPasswordIsOneClearErrorWithoutThePassword() {
        Properties wrong = db.credentials();
        wrong.setProperty("password", "not-" + PrivatePostgres.password());
        assertThatThrownBy(() -> PostgresLeaseStore.connect(db.jdbcUrl(), wrong, "test"))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageContaining("127.0.0.1")
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PrivatePostgres.password()));
        String inUrl = "wrong-" + PrivatePostgres.password();
        assertThatThrownBy(() -> PostgresLeaseStore.connect(db.jdbcUrl() + "?password=" + inUrl, new Properties(), "test"))
                .isInstanceOf(LeaseStoreException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(inUrl).contains("password=***"));
    }
}
