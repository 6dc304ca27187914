package dev.benchhal.lab.lease;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Leases for the boards of a lab with several hosts, in the lab's PostgreSQL (no server of our own): a lease
 * table with expiry and fencing tokens, claimed with {@code SELECT ... FOR UPDATE SKIP LOCKED} (all or none of
 * the boards asked for, never waiting on another claimer), and a session advisory lock per holder, held on a
 * connection of its own, so the leases of a holder whose process dies or whose connection drops end at once.
 * A holder that lives but hangs stops renewing, and its leases end when they expire. Expiry is judged by the
 * database's clock, so the hosts' clocks need not agree.
 *
 * <p>The tables ({@code benchhal_holder}, {@code benchhal_lease}) and the token sequence are created on first
 * use. Each instance is one holder; operations use a small connection pool (HikariCP) and take one or two round
 * trips. Thread-safe.
 */
public final class PostgresLeaseStore implements LeaseStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeaseStore.class);
    /** The first key of every advisory lock this store takes ("BH"); the second is the holder's id. */
    static final int LOCK_SPACE = 0x4248;
    private static final Pattern SECRET = Pattern.compile("(?i)(password=)[^&;]*");

    /** Whether the holder of lease row {@code l} lives: its session still holds its advisory lock. */
    private static final String ALIVE = "EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory'"
            + " AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND k.classid = " + LOCK_SPACE + "::oid AND k.objid = l.holder_id::oid AND k.objsubid = 2 AND k.granted)";
    private static final String LIVE = "(l.holder_id IS NOT NULL AND l.expires_at > clock_timestamp() AND " + ALIVE + ")";

    private final String source;
    private final HikariDataSource pool;
    private final Connection session;
    private final int holderId;
    private final String holder;
    private volatile boolean closed;

    private PostgresLeaseStore(String source, HikariDataSource pool, Connection session, int holderId, String holder) {
        this.source = source;
        this.pool = pool;
        this.session = session;
        this.holderId = holderId;
        this.holder = holder;
    }

    /**
     * Connects as a new holder named after this host and process.
     *
     * @param jdbcUrl    the lab database, for example {@code jdbc:postgresql://db.lab:5432/lab}
     * @param connection the driver's connection properties ({@code user}, {@code password}, {@code sslmode}, ...);
     *                   read the password from the environment or a file, never from code; it is never logged
     * @return the store; close it to end the holder
     * @throws LeaseStoreException when the database cannot be reached or the tables cannot be made
     */
    public static PostgresLeaseStore connect(String jdbcUrl, Properties connection) {
        return connect(jdbcUrl, connection, (LeaseArguments.hostName() + ":" + ProcessHandle.current().pid())
                .replaceAll("[^A-Za-z0-9._:-]", "_"));
    }

    /**
     * Connects as a new holder.
     *
     * @param jdbcUrl      the lab database
     * @param connection   the driver's connection properties (see {@link #connect(String, Properties)})
     * @param holderPrefix the start of the holder's name; a random suffix makes it unique
     * @return the store
     * @throws LeaseStoreException when the database cannot be reached or the tables cannot be made
     */
    public static PostgresLeaseStore connect(String jdbcUrl, Properties connection, String holderPrefix) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("lease database: expected a jdbc:postgresql: URL, got \""
                    + SECRET.matcher(jdbcUrl).replaceAll("$1***") + "\"");
        }
        String source = "lease store " + SECRET.matcher(jdbcUrl).replaceAll("$1***");
        String name = holderPrefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setDataSourceProperties(connection);
        config.setPoolName("benchhal-leases");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        // one attempt: a wrong password or an unreachable server is reported at once, not after retries
        config.setInitializationFailTimeout(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new LeaseStoreException(source, "cannot connect: " + rootMessage(e), e);
        }
        Connection session = null;
        try {
            createSchema(pool);
            int id;
            try (Connection c = pool.getConnection();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO benchhal_holder(name) VALUES (?) RETURNING id")) {
                insert.setString(1, name);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getInt(1);
                }
            }
            // the holder's liveness: a session of its own, outside the pool, holding the holder's advisory lock
            Properties sessionProperties = new Properties();
            sessionProperties.putAll(connection);
            sessionProperties.putIfAbsent("tcpKeepAlive", "true");
            sessionProperties.putIfAbsent("ApplicationName", "benchhal lease holder " + name);
            session = DriverManager.getConnection(jdbcUrl, sessionProperties);
            try (PreparedStatement lock = session.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_SPACE);
                lock.setInt(2, id);
                lock.execute();
            }
            LOG.debug("{}: holder {} (id {})", source, name, id);
            return new PostgresLeaseStore(source, pool, session, id, name);
        } catch (SQLException e) {
            closeQuietly(session);
            pool.close();
            throw new LeaseStoreException(source, "cannot register a lease holder: " + e.getMessage(), e);
        }
    }

    private static void createSchema(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // concurrent CREATE ... IF NOT EXISTS can still collide: one creator at a time
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", 0)");
            s.execute("CREATE TABLE IF NOT EXISTS benchhal_holder (id serial PRIMARY KEY, name text NOT NULL UNIQUE,"
                    + " started_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            s.execute("CREATE SEQUENCE IF NOT EXISTS benchhal_lease_token");
            s.execute("CREATE TABLE IF NOT EXISTS benchhal_lease (board text PRIMARY KEY, holder_id integer,"
                    + " token bigint NOT NULL DEFAULT 0, expires_at timestamptz, acquired_at timestamptz)");
            // holders that are gone and hold nothing: their rows only grow the table
            s.execute("DELETE FROM benchhal_holder h WHERE NOT EXISTS (SELECT 1 FROM benchhal_lease l WHERE l.holder_id = h.id)"
                    + " AND NOT " + ALIVE.replace("l.holder_id", "h.id"));
            c.commit();
        }
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public Optional<Lease> tryAcquire(Collection<String> boards, Duration ttl) {
        ensureOpen();
        List<String> ids = LeaseArguments.boards(boards);
        LeaseArguments.positive(ttl);
        try (Connection c = pool.getConnection()) {
            Array array = c.createArrayOf("text", ids.toArray());
            try (PreparedStatement known = c.prepareStatement(
                    "INSERT INTO benchhal_lease(board) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING")) {
                known.setArray(1, array);
                known.executeUpdate();
            }
            c.setAutoCommit(false);
            try {
                int free = 0;
                try (PreparedStatement claim = c.prepareStatement("SELECT l.board, " + LIVE + " FROM benchhal_lease l"
                        + " WHERE l.board = ANY(?) ORDER BY l.board FOR UPDATE SKIP LOCKED")) {
                    claim.setArray(1, array);
                    try (ResultSet rs = claim.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getBoolean(2)) {
                                c.rollback();
                                return Optional.empty();
                            }
                            free++;
                        }
                    }
                }
                if (free < ids.size()) {
                    // another claimer has some of these rows locked right now
                    c.rollback();
                    return Optional.empty();
                }
                long token;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT nextval('benchhal_lease_token')")) {
                    rs.next();
                    token = rs.getLong(1);
                }
                Instant expiry;
                try (PreparedStatement take = c.prepareStatement("UPDATE benchhal_lease SET holder_id = ?, token = ?,"
                        + " expires_at = clock_timestamp() + ? * interval '1 millisecond', acquired_at = clock_timestamp()"
                        + " WHERE board = ANY(?) RETURNING expires_at")) {
                    take.setInt(1, holderId);
                    take.setLong(2, token);
                    take.setLong(3, ttl.toMillis());
                    take.setArray(4, array);
                    try (ResultSet rs = take.executeQuery()) {
                        rs.next();
                        expiry = rs.getTimestamp(1).toInstant();
                    }
                }
                c.commit();
                return Optional.of(new Lease(ids, holder, token, expiry));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LeaseStoreException(source, "cannot lease " + ids + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        ensureOpen();
        LeaseArguments.positive(ttl);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement renew = c.prepareStatement("UPDATE benchhal_lease l SET expires_at = clock_timestamp()"
                    + " + ? * interval '1 millisecond' WHERE l.board = ANY(?) AND l.token = ? AND l.holder_id = ? AND " + LIVE
                    + " RETURNING l.expires_at")) {
                renew.setLong(1, ttl.toMillis());
                renew.setArray(2, c.createArrayOf("text", lease.boards().toArray()));
                renew.setLong(3, lease.token());
                renew.setInt(4, holderId);
                Instant expiry = null;
                int renewed = 0;
                try (ResultSet rs = renew.executeQuery()) {
                    while (rs.next()) {
                        renewed++;
                        expiry = rs.getTimestamp(1).toInstant();
                    }
                }
                if (renewed != lease.boards().size() || expiry == null) {
                    c.rollback();
                    throw lost(c, lease, lease.boards());
                }
                c.commit();
                return lease.renewedUntil(expiry);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LeaseStoreException(source, "cannot renew " + lease + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void verify(Lease lease, String board) {
        ensureOpen();
        if (!lease.boards().contains(board)) {
            throw new LeaseLostException(source, lease + " does not hold board " + board);
        }
        try (Connection c = pool.getConnection();
             PreparedStatement check = c.prepareStatement("SELECT 1 FROM benchhal_lease l WHERE l.board = ? AND l.token = ?"
                     + " AND l.holder_id = ? AND " + LIVE)) {
            check.setString(1, board);
            check.setLong(2, lease.token());
            check.setInt(3, holderId);
            try (ResultSet rs = check.executeQuery()) {
                if (!rs.next()) {
                    throw lost(c, lease, List.of(board));
                }
            }
        } catch (SQLException e) {
            throw new LeaseStoreException(source, "cannot verify " + lease + " for board " + board + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Lease lease) {
        ensureOpen();
        try (Connection c = pool.getConnection();
             PreparedStatement release = c.prepareStatement("UPDATE benchhal_lease SET holder_id = NULL, expires_at = NULL"
                     + " WHERE board = ANY(?) AND token = ? AND holder_id = ?")) {
            release.setArray(1, c.createArrayOf("text", lease.boards().toArray()));
            release.setLong(2, lease.token());
            release.setInt(3, holderId);
            release.executeUpdate();
        } catch (SQLException e) {
            throw new LeaseStoreException(source, "cannot release " + lease + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<LeaseInfo> leases() {
        ensureOpen();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT l.board, h.name, l.token, l.expires_at, " + LIVE
                     + " FROM benchhal_lease l LEFT JOIN benchhal_holder h ON h.id = l.holder_id ORDER BY l.board")) {
            List<LeaseInfo> result = new ArrayList<>();
            while (rs.next()) {
                boolean live = rs.getBoolean(5);
                Timestamp expiry = rs.getTimestamp(4);
                result.add(live && expiry != null
                        ? new LeaseInfo(rs.getString(1), rs.getString(2), rs.getLong(3), expiry.toInstant())
                        : new LeaseInfo(rs.getString(1), null, rs.getLong(3), null));
            }
            return result;
        } catch (SQLException e) {
            throw new LeaseStoreException(source, "cannot list leases: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<LeaseInfo> forceRelease(String board) {
        ensureOpen();
        LeaseArguments.boards(List.of(board));
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                LeaseInfo before = null;
                try (PreparedStatement read = c.prepareStatement("SELECT h.name, l.token, l.expires_at FROM benchhal_lease l"
                        + " LEFT JOIN benchhal_holder h ON h.id = l.holder_id WHERE l.board = ? AND " + LIVE + " FOR UPDATE OF l")) {
                    read.setString(1, board);
                    try (ResultSet rs = read.executeQuery()) {
                        if (rs.next()) {
                            before = new LeaseInfo(board, rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant());
                        }
                    }
                }
                try (PreparedStatement release = c.prepareStatement(
                        "UPDATE benchhal_lease SET holder_id = NULL, expires_at = NULL WHERE board = ?")) {
                    release.setString(1, board);
                    release.executeUpdate();
                }
                c.commit();
                if (before != null) {
                    LOG.info("board {} released by the operator from {} (token {})", board, before.holder(), before.token());
                }
                return Optional.ofNullable(before);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LeaseStoreException(source, "cannot release board " + board + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Connection c = pool.getConnection();
             PreparedStatement release = c.prepareStatement(
                     "UPDATE benchhal_lease SET holder_id = NULL, expires_at = NULL WHERE holder_id = ?");
             PreparedStatement forget = c.prepareStatement("DELETE FROM benchhal_holder WHERE id = ?")) {
            release.setInt(1, holderId);
            release.executeUpdate();
            forget.setInt(1, holderId);
            forget.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("{}: could not release {}'s leases at close ({}); they end with its session", source, holder, e.getMessage());
        } finally {
            closeQuietly(session);
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresLeaseStore[" + source + " holder=" + holder + "]";
    }

    /** Drops the holder's own session, as a lost network would (for tests of what the others see). */
    void dropSessionForTest() throws SQLException {
        session.close();
    }

    private LeaseLostException lost(Connection c, Lease lease, List<String> boards) throws SQLException {
        StringBuilder now = new StringBuilder();
        try (PreparedStatement read = c.prepareStatement("SELECT l.board, h.name, l.token, l.expires_at <= clock_timestamp(),"
                + " " + ALIVE + " FROM benchhal_lease l LEFT JOIN benchhal_holder h ON h.id = l.holder_id WHERE l.board = ANY(?)"
                + " ORDER BY l.board")) {
            read.setArray(1, c.createArrayOf("text", boards.toArray()));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    now.append(now.length() == 0 ? "" : "; ").append(rs.getString(1)).append(": ");
                    String name = rs.getString(2);
                    if (name == null) {
                        now.append("free");
                    } else {
                        now.append("held by ").append(name).append(" with token ").append(rs.getLong(3))
                                .append(rs.getBoolean(4) ? ", expired" : "").append(rs.getBoolean(5) ? "" : ", holder gone");
                    }
                }
            }
        }
        return new LeaseLostException(source, lease + " no longer holds its boards (" + now + ")");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the holder's session: {}", e.toString());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
