package dev.benchhal.core.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An output sink that keeps the first {@code limit} bytes written and counts the rest: command
 * output is drained to the end (a process never blocks on a full pipe) while a chatty command
 * cannot exhaust the heap. Thread-safe.
 */
public final class BoundedOutput extends OutputStream {

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;

    /** @param limit how many bytes to keep */
    public BoundedOutput(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) {
            kept.write(b);
        }
        total++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = (int) Math.max(0, Math.min(len, (long) limit - kept.size()));
        kept.write(b, off, room);
        total += len;
    }

    /**
     * Copies a stream into this sink until its end.
     *
     * @param in the stream; not closed
     * @throws IOException when reading fails
     */
    public void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            write(buf, 0, n);
        }
    }

    /** @return the kept bytes */
    public synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    /** @return {@code true} when more was written than kept */
    public synchronized boolean truncated() {
        return total > kept.size();
    }

    /** @return how many bytes were written in all */
    public synchronized long total() {
        return total;
    }
}
