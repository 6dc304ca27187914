package dev.benchhal.tck.transport;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.spi.LineTransport;
import dev.benchhal.time.BenchClock;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link LineTransport} that plays a script of expected lines and replies, for driver tests
 * where the exact bytes matter:
 *
 * <pre>{@code
 * ScriptedLineTransport link = ScriptedLineTransport.builder()
 *         .expect("*IDN?").reply("OWON,SPE6103,2303123,FV:V1.2.0")
 *         .expect("VOLT 12.000")                      // a silent set
 *         .expect("VOLT?").reply("12.000")
 *         .expect("MEAS:VOLT?").replyAfter(Duration.ofMillis(60), "11.998")
 *         .expect("OUTP?").noReply()                  // the device stays silent
 *         .build();
 * // ... drive the driver over it ...
 * link.verify();                                      // fails on leftovers
 * }</pre>
 *
 * <p>A line that is not the next expected one fails at once with an {@link AssertionError} naming
 * the step, what was expected and what came; the failure is also kept, so {@link #verify()}
 * reports it even when the driver swallowed the error. Reply delays run on a {@link BenchClock},
 * so a {@link dev.benchhal.core.time.VirtualClock} makes timeouts deterministic. Thread-safe.
 */
public final class ScriptedLineTransport implements LineTransport {

    /** One step: a line the driver must write and what the device answers. */
    record Step(Pattern expected, String expectedText, List<String> replies, Duration delay, int line) {
    }

    private final Deque<Step> steps;
    private final BenchClock clock;
    private final Deque<String> pendingReplies = new ArrayDeque<>();
    private final List<String> written = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final int total;
    private Duration pendingDelay = Duration.ZERO;
    private boolean closed;

    ScriptedLineTransport(List<Step> steps, BenchClock clock) {
        this.steps = new ArrayDeque<>(steps);
        this.total = steps.size();
        this.clock = clock;
    }

    /** @return a builder on the system clock */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a script in the text form {@link RecordingLineTransport} writes: {@code > line} is
     * written by the driver, {@code < line} is a reply, {@code ~ 50ms} delays the next reply,
     * {@code #} starts a comment.
     *
     * @param script the script text
     * @param clock  the clock reply delays run on
     * @return the transport
     * @throws IllegalArgumentException naming the line of a malformed script
     */
    public static ScriptedLineTransport parse(String script, BenchClock clock) {
        Builder b = builder().clock(clock);
        String[] lines = script.split("\r?\n", -1);
        boolean haveStep = false;
        Duration delay = null;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            if (l.length() < 2 || l.charAt(1) != ' ') {
                throw new IllegalArgumentException("script line " + (i + 1) + ": expected '> ', '< ' or '~ ' then text, got \"" + l + "\"");
            }
            String text = l.substring(2);
            switch (l.charAt(0)) {
                case '>' -> {
                    b.expect(text);
                    haveStep = true;
                    delay = null;
                }
                case '<' -> {
                    if (!haveStep) {
                        throw new IllegalArgumentException("script line " + (i + 1) + ": a reply before any expected line");
                    }
                    if (delay != null) {
                        b.replyAfter(delay, text);
                        delay = null;
                    } else {
                        b.reply(text);
                    }
                }
                case '~' -> delay = dev.benchhal.util.Durations.parse(text);
                default -> throw new IllegalArgumentException("script line " + (i + 1) + ": unknown marker '" + l.charAt(0) + "'");
            }
        }
        return b.build();
    }

    @Override
    public synchronized void writeLine(String line) {
        if (closed) {
            throw new DisconnectedException(describe(), "transport is closed");
        }
        written.add(line);
        Step step = steps.poll();
        int index = total - steps.size();
        if (step == null) {
            fail("step " + index + ": unexpected line \"" + line + "\" after the end of the script");
        }
        if (!step.expected().matcher(line).matches()) {
            fail("step " + index + " (script line " + step.line() + "): expected \"" + step.expectedText()
                    + "\", got \"" + line + "\"");
        }
        pendingReplies.clear();
        pendingReplies.addAll(step.replies());
        pendingDelay = step.delay();
    }

    @Override
    public Optional<String> readLine(Duration timeout) {
        String reply;
        Duration delay;
        synchronized (this) {
            if (closed) {
                throw new DisconnectedException(describe(), "transport is closed");
            }
            reply = pendingReplies.peek();
            delay = pendingDelay;
        }
        if (reply == null || delay.compareTo(timeout) > 0) {
            clock.sleep(timeout);
            synchronized (this) {
                if (reply != null) {
                    // too late for this read: the device answers later, as a stale line
                    pendingDelay = delay.minus(timeout);
                }
            }
            return Optional.empty();
        }
        clock.sleep(delay);
        synchronized (this) {
            pendingDelay = Duration.ZERO;
            return Optional.ofNullable(pendingReplies.poll());
        }
    }

    @Override
    public synchronized void discardInput() {
        pendingReplies.clear();
        pendingDelay = Duration.ZERO;
    }

    /** @return every line the driver wrote, in order */
    public synchronized List<String> written() {
        return List.copyOf(written);
    }

    /** @return how many expected lines are still to come */
    public synchronized int remaining() {
        return steps.size();
    }

    /**
     * Fails when a line did not match, or when expected lines are left over.
     *
     * @throws AssertionError listing what went wrong and what was written
     */
    public synchronized void verify() {
        List<String> problems = new ArrayList<>(failures);
        if (!steps.isEmpty()) {
            Step next = steps.peek();
            problems.add(steps.size() + " expected line(s) never written, first \"" + next.expectedText()
                    + "\" (script line " + next.line() + ")");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("; ", problems) + "; written: " + written);
        }
    }

    private void fail(String message) {
        failures.add(message);
        throw new AssertionError(message);
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Builds a script step by step. Not thread-safe. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private BenchClock clock = BenchClock.system();

        private Builder() {
        }

        /**
         * @param c the clock reply delays run on
         * @return this
         */
        public Builder clock(BenchClock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param line the exact line the driver must write next
         * @return this
         */
        public Builder expect(String line) {
            steps.add(new Step(Pattern.compile(Pattern.quote(line)), line, new ArrayList<>(), Duration.ZERO, steps.size() + 1));
            return this;
        }

        /**
         * @param regex a pattern the next written line must match as a whole
         * @return this
         */
        public Builder expectMatching(String regex) {
            steps.add(new Step(Pattern.compile(regex), "/" + regex + "/", new ArrayList<>(), Duration.ZERO, steps.size() + 1));
            return this;
        }

        /**
         * @param line a reply to the last expected line (several replies queue up)
         * @return this
         */
        public Builder reply(String line) {
            last().replies().add(line);
            return this;
        }

        /**
         * @param delay how long the device takes before answering
         * @param line  the reply
         * @return this
         */
        public Builder replyAfter(Duration delay, String line) {
            Step s = last();
            steps.set(steps.size() - 1, new Step(s.expected(), s.expectedText(), s.replies(), delay, s.line()));
            s.replies().add(line);
            return this;
        }

        /**
         * Documents that the device stays silent after the last expected line.
         *
         * @return this
         */
        public Builder noReply() {
            last();
            return this;
        }

        private Step last() {
            if (steps.isEmpty()) {
                throw new IllegalStateException("call expect(...) before giving a reply");
            }
            return steps.get(steps.size() - 1);
        }

        /** @return the transport */
        public ScriptedLineTransport build() {
            return new ScriptedLineTransport(steps, clock);
        }
    }
}
