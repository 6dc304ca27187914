package dev.benchhal.lin.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Faults on slave responses, per frame or by seeded probability:
 * <pre>{@code
 * mock.faults().once("ALM_Status", LinFault.NO_RESPONSE);       // the next ALM_Status response only
 * mock.faults().times("PWM_Frame", LinFault.BIT_FLIP, 3);       // the next three
 * mock.faults().always(0x14, LinFault.WRONG_CHECKSUM);          // by id, until cleared
 * mock.faults().randomly(LinFault.NO_RESPONSE, 0.01);           // 1 % of all responses, seeded
 * mock.faults().lateBy(Duration.ofMillis(30));                  // how late LATE_RESPONSE is
 * }</pre>
 * Rules are consulted in the order they were added; the first that matches a response applies,
 * else the random faults are drawn (from the simulator's {@code seed}, so runs repeat). Thread-safe.
 */
public final class FaultInjector {

    @SuppressWarnings("ArrayRecordComponent") // remaining is the rule's mutable counter, never compared
    private record Rule(String frame, int id, LinFault fault, int[] remaining) {
        boolean matches(int frameId, String frameName) {
            return frame != null ? frame.equals(frameName) : id == frameId;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Map<LinFault, Double> probabilities = new EnumMap<>(LinFault.class);
    private final Random random;
    private Duration lateBy = Duration.ofMillis(20);
    private long injected;

    FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param frame a frame name
     * @param fault the fault for its next response
     * @return this
     */
    public synchronized FaultInjector once(String frame, LinFault fault) {
        return times(frame, fault, 1);
    }

    /**
     * @param frame a frame name
     * @param fault the fault
     * @param count for how many of its next responses
     * @return this
     */
    public synchronized FaultInjector times(String frame, LinFault fault, int count) {
        add(new Rule(Objects.requireNonNull(frame, "frame"), -1, fault, new int[] {positive(count)}));
        return this;
    }

    /**
     * @param frame a frame name
     * @param fault the fault for every response until {@link #clear()}
     * @return this
     */
    public synchronized FaultInjector always(String frame, LinFault fault) {
        add(new Rule(Objects.requireNonNull(frame, "frame"), -1, fault, new int[] {-1}));
        return this;
    }

    /**
     * @param frameId a frame id (also 0x3D, and ids the LDF does not name)
     * @param fault   the fault
     * @param count   for how many of its next responses
     * @return this
     */
    public synchronized FaultInjector times(int frameId, LinFault fault, int count) {
        add(new Rule(null, frameId, fault, new int[] {positive(count)}));
        return this;
    }

    /**
     * @param frameId a frame id
     * @param fault   the fault for every response until {@link #clear()}
     * @return this
     */
    public synchronized FaultInjector always(int frameId, LinFault fault) {
        add(new Rule(null, frameId, fault, new int[] {-1}));
        return this;
    }

    /**
     * @param fault       a fault
     * @param probability 0..1, for each response of any frame
     * @return this
     */
    public synchronized FaultInjector randomly(LinFault fault, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability of " + fault + " must be 0..1, not " + probability);
        }
        probabilities.put(Objects.requireNonNull(fault, "fault"), probability);
        return this;
    }

    /**
     * @param delay how late a {@link LinFault#LATE_RESPONSE} comes
     * @return this
     */
    public synchronized FaultInjector lateBy(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("late by must not be negative: " + delay);
        }
        this.lateBy = delay;
        return this;
    }

    /** @return how late a {@link LinFault#LATE_RESPONSE} comes */
    public synchronized Duration lateBy() {
        return lateBy;
    }

    /** Removes every rule and random fault. */
    public synchronized void clear() {
        rules.clear();
        probabilities.clear();
    }

    /** @return how many faults were applied so far */
    public synchronized long injected() {
        return injected;
    }

    synchronized Optional<LinFault> next(int frameId, String frameName) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.matches(frameId, frameName)) {
                if (rule.remaining[0] > 0 && --rule.remaining[0] == 0) {
                    it.remove();
                }
                injected++;
                return Optional.of(rule.fault);
            }
        }
        for (Map.Entry<LinFault, Double> p : probabilities.entrySet()) {
            if (random.nextDouble() < p.getValue()) {
                injected++;
                return Optional.of(p.getKey());
            }
        }
        return Optional.empty();
    }

    synchronized int flipBit(int bits) {
        return random.nextInt(bits);
    }

    private void add(Rule rule) {
        rules.add(rule);
    }

    private static int positive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        return count;
    }
}
