package dev.benchhal.harness;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a long run shows where it is: a progress bar on a terminal (done of total, failures so far, time left), plain
 * log lines when the output is a file or a pipe. Thread-safe: steps are reported from many threads.
 */
public interface Progress extends AutoCloseable {

    /**
     * Starts showing.
     *
     * @param what  what is counted, for example {@code cycles}
     * @param total how many steps the run has
     */
    void start(String what, long total);

    /**
     * One step ended.
     *
     * @param label  what ended, for example {@code rrh3 #12}
     * @param passed whether it passed
     */
    void step(String label, boolean passed);

    /** Ends showing: the bar's last state stays on the terminal. */
    @Override
    void close();

    /**
     * @return a bar on standard output when it is a terminal, log lines otherwise
     */
    static Progress automatic() {
        return Bar.stdoutIsTerminal() ? bar(System.out) : log(Duration.ofSeconds(10));
    }

    /**
     * @param out the terminal
     * @return a progress bar: steps done of total, failures so far, time left at the pace so far
     */
    static Progress bar(PrintStream out) {
        return new Bar(out);
    }

    /**
     * @param every at most one line per this much wall time (and one for every failure, and one at the end)
     * @return progress as INFO log lines
     */
    static Progress log(Duration every) {
        return new Log(every);
    }

    /** @return progress that shows nothing (tests, embedded use) */
    static Progress none() {
        return new Progress() {
            @Override
            public void start(String what, long total) {
            }

            @Override
            public void step(String label, boolean passed) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** The terminal bar (me.tongfei:progressbar). */
    final class Bar implements Progress {
        private final PrintStream out;
        private final AtomicInteger failed = new AtomicInteger();
        private ProgressBar bar;

        private Bar(PrintStream out) {
            this.out = out;
        }

        /** Whether standard output is a terminal: on Linux what fd 1 points to, elsewhere whether there is a console. */
        @SuppressWarnings("SystemConsoleNull") // the fallback only; on Linux /proc answers for every JDK
        static boolean stdoutIsTerminal() {
            try {
                String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return System.console() != null;
            }
        }

        @Override
        public synchronized void start(String what, long total) {
            bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).showSpeed().build();
        }

        @Override
        public synchronized void step(String label, boolean passed) {
            if (!passed) {
                failed.incrementAndGet();
            }
            if (bar != null) {
                bar.step();
                bar.setExtraMessage(" " + (failed.get() == 0 ? label : label + ", " + failed.get() + " failed"));
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Log lines, for CI logs and files. */
    final class Log implements Progress {
        private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
        private final long everyNanos;
        private String what = "steps";
        private long total;
        private long done;
        private long failed;
        private long started;
        private long lastLine;

        private Log(Duration every) {
            this.everyNanos = every.toNanos();
        }

        @Override
        public synchronized void start(String counted, long steps) {
            this.what = counted;
            this.total = steps;
            this.started = System.nanoTime();
            this.lastLine = started;
            LOG.info("{}: 0 of {}", what, total);
        }

        @Override
        public synchronized void step(String label, boolean passed) {
            done++;
            if (!passed) {
                failed++;
                LOG.warn("{}: {} failed ({} of {} done, {} failed)", what, label, done, total, failed);
            }
            long now = System.nanoTime();
            if (now - lastLine >= everyNanos || done == total) {
                lastLine = now;
                long left = done == 0 ? 0 : (now - started) / done * (total - done);
                LOG.info("{}: {} of {} done, {} failed, about {} left", what, done, total, failed,
                        dev.benchhal.util.Durations.format(Duration.ofNanos(left)));
            }
        }

        @Override
        public synchronized void close() {
        }
    }
}
