package dev.benchhal.core.shell;

import dev.benchhal.core.util.BoundedOutput;

import java.io.IOException;
import java.io.InputStream;

/** Drains one process stream to its end into a {@link BoundedOutput}, on its own thread. */
final class BoundedCapture implements Runnable {

    private final InputStream in;
    private final BoundedOutput out;
    private volatile boolean done;

    BoundedCapture(InputStream in, int limit) {
        this.in = in;
        this.out = new BoundedOutput(limit);
    }

    @Override
    public void run() {
        try (in) {
            out.drain(in);
        } catch (IOException e) {
            // the stream closed under us (process killed): what was read is what there is
        } finally {
            done = true;
        }
    }

    boolean done() {
        return done;
    }

    byte[] bytes() {
        return out.bytes();
    }

    boolean truncated() {
        return out.truncated();
    }
}
