package dev.benchhal.lab.lease;

import dev.benchhal.time.BenchClock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A lease holder in a process of its own, for the tests that kill, stop and fence one: takes a board, prints
 * {@code HELD <token>}, then answers {@code verify} and {@code renew} on standard input with {@code OK} or
 * {@code LOST}, until standard input ends.
 *
 * <p>Arguments: {@code file DIR BOARD TTL_MS} or {@code pg JDBC_URL USER BOARD TTL_MS}; the database password
 * comes from the environment ({@code BENCHHAL_TEST_PGPASSWORD}), never from the command line.
 */
public final class LeaseHolderMain {

    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        LeaseStore store;
        int next;
        if (args[0].equals("file")) {
            store = FileLeaseStore.open(Path.of(args[1]), "child", BenchClock.system());
            next = 2;
        } else {
            Properties p = new Properties();
            p.setProperty("user", args[2]);
            p.setProperty("password", System.getenv("BENCHHAL_TEST_PGPASSWORD"));
            store = PostgresLeaseStore.connect(args[1], p, "child");
            next = 3;
        }
        String board = args[next];
        Duration ttl = Duration.ofMillis(Long.parseLong(args[next + 1]));
        Lease lease = store.tryAcquire(List.of(board), ttl).orElseThrow(() -> new IllegalStateException(board + " is busy"));
        System.out.println("HELD " + lease.token());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            try {
                if (line.equals("verify")) {
                    store.verify(lease, board);
                } else {
                    lease = store.renew(lease, ttl);
                }
                System.out.println("OK");
            } catch (LeaseLostException e) {
                System.out.println("LOST " + e.getMessage());
            }
            System.out.flush();
        }
        store.close();
    }
}
