package dev.benchhal.lab;

import dev.benchhal.lab.lease.PostgresLeaseStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One scheduler of the contention test, in a process of its own: runs its spec on every one of the lab's boards,
 * sharing them with the other schedulers through PostgreSQL, and prints {@code DONE passed notRun} at the end.
 *
 * <p>Arguments: {@code JDBC_URL USER RESULTS NAME BOARDS COMMAND...}; the password comes from
 * {@code BENCHHAL_TEST_PGPASSWORD}.
 */
public final class LabSchedulerMain {

    private LabSchedulerMain() {
    }

    public static void main(String[] args) {
        Properties credentials = new Properties();
        credentials.setProperty("user", args[1]);
        credentials.setProperty("password", System.getenv("BENCHHAL_TEST_PGPASSWORD"));
        List<Board> boards = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[4]); i++) {
            boards.add(Board.of(String.format("board%02d", i), "T"));
        }
        List<String> command = List.of(args).subList(5, args.length);
        TestRunSpec spec = TestRunSpec.named(args[3]).coverage(Coverage.EACH_BOARD).needs(BoardNeed.ofType("b"))
                .test(LabTest.command(command)).build();
        try (PostgresLeaseStore leases = PostgresLeaseStore.connect(args[0], credentials, args[3])) {
            LabReport report = LabScheduler.builder().boards(boards).specs(List.of(spec)).leases(leases, Duration.ofSeconds(5))
                    .results(Path.of(args[2])).pollInterval(Duration.ofMillis(50)).build().run();
            System.out.println("DONE " + report.count(Outcome.PASSED) + " " + report.notRun().size());
        }
    }
}
