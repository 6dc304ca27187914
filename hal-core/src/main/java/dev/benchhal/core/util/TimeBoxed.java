package dev.benchhal.core.util;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs an action on its own daemon thread and waits for it at most a given time: for closing
 * devices and entering safe states, where one hung device must not hold up the others. An
 * action that overruns is left running on its daemon thread.
 */
public final class TimeBoxed {

    private TimeBoxed() {
    }

    /** How a time-boxed action ended. */
    public sealed interface Outcome {
        /** It completed normally. */
        record Done() implements Outcome {
        }

        /**
         * It threw.
         *
         * @param failure what it threw
         */
        record Failed(Throwable failure) implements Outcome {
        }

        /** It was still running when the time was up. */
        record Overran() implements Outcome {
        }
    }

    /**
     * @param threadName the worker thread's name, for thread dumps
     * @param limit      how long to wait
     * @param action     what to run
     * @return how it ended; never throws what the action throws
     */
    public static Outcome run(String threadName, Duration limit, Runnable action) {
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, threadName);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(Math.max(1, limit.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            return new Outcome.Overran();
        }
        // join() makes the worker's write of failure[0] visible here
        return Optional.ofNullable(failure[0]).<Outcome>map(Outcome.Failed::new).orElseGet(Outcome.Done::new);
    }
}
