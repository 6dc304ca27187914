package dev.benchhal.shell.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Drains one process stream to its end, keeping at most a bound of bytes: the process never
 * blocks on a full pipe, and a chatty command cannot exhaust the heap.
 */
final class BoundedCapture implements Runnable {

    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;
    private volatile boolean done;

    BoundedCapture(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this) {
                    int room = (int) Math.max(0, Math.min(n, limit - (long) kept.size()));
                    kept.write(buf, 0, room);
                    total += n;
                }
            }
        } catch (IOException e) {
            // the stream closed under us (process killed): what was read is what there is
        } finally {
            done = true;
        }
    }

    boolean done() {
        return done;
    }

    synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    synchronized boolean truncated() {
        return total > kept.size();
    }
}
