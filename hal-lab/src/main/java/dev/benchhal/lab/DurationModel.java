package dev.benchhal.lab;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a simulated run takes. The simulation hands each unit of work a random generator seeded from the
 * simulation's seed and the unit itself, so a run takes the same time whatever the policy and order: two policies
 * are compared on the same work.
 */
@FunctionalInterface
public interface DurationModel {

    /**
     * @param run    the run
     * @param random this unit of work's own generator
     * @return how long it takes; positive
     */
    Duration sample(TestRun run, RandomGenerator random);

    /** @return every run takes its spec's expected duration */
    static DurationModel expected() {
        return (run, random) -> run.spec().expectedDuration();
    }

    /**
     * @param spread the relative spread, for example 0.5 for half to one and a half times the expected duration;
     *               between 0 and 1
     * @return runs take their spec's expected duration times a uniform factor in {@code [1 - spread, 1 + spread]}
     */
    static DurationModel uniform(double spread) {
        if (!(spread >= 0 && spread < 1)) {
            throw new IllegalArgumentException("spread: expected at least 0 and below 1, got " + spread);
        }
        return (run, random) -> Duration.ofNanos(Math.max(1, (long) (run.spec().expectedDuration().toNanos()
                * (1 - spread + 2 * spread * random.nextDouble()))));
    }

    /**
     * @param sigma the spread of the logarithm, for example 0.5
     * @return runs take their spec's expected duration times a log-normal factor with median 1: mostly near the
     *         expectation, sometimes several times longer, as real test runs do
     */
    static DurationModel logNormal(double sigma) {
        if (!(sigma >= 0 && sigma <= 3)) {
            throw new IllegalArgumentException("sigma: expected between 0 and 3, got " + sigma);
        }
        return (run, random) -> Duration.ofNanos(Math.max(1, (long) (run.spec().expectedDuration().toNanos()
                * Math.exp(sigma * random.nextGaussian()))));
    }
}
