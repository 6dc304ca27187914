package dev.benchhal.core.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ending child processes for good: the process and everything it started. */
public final class ProcessTrees {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTrees.class);

    private ProcessTrees() {
    }

    /**
     * Kills a process and its descendants, children first, and waits up to 5 s for them to go.
     * Descendants are taken as a snapshot first, since killing the parent re-parents them.
     *
     * @param process a process this JVM started
     * @return how many processes were killed, the process itself included
     */
    public static int kill(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        int count = 1;
        for (ProcessHandle h : tree) {
            if (h.destroyForcibly()) {
                count++;
            }
        }
        process.destroyForcibly();
        // SIGKILL is asynchronous: wait until the tree is really gone, so a caller that checks
        // right after finds nothing left.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("processes of a killed command are still exiting: {}", e.toString());
        }
        return count;
    }
}
