package dev.benchhal.shell.ssh;

import dev.benchhal.core.util.BoundedOutput;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The remote stderr: takes the script's first line (a {@link RemoteCommand} marker) for itself
 * and passes everything after it to the command's bounded stderr. Its close, when jsch closes the
 * channel, is how the run learns at once that the command ended.
 */
final class MarkedStderr extends OutputStream {

    private static final int MAX_MARKER = 64;

    private final BoundedOutput rest;
    private final ByteArrayOutputStream first = new ByteArrayOutputStream();
    private boolean inMarker = true;
    private volatile String marker = "";
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    MarkedStderr(BoundedOutput rest) {
        this.rest = rest;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (inMarker && i < end) {
            byte c = b[i++];
            if (c == '\n' || first.size() >= MAX_MARKER) {
                inMarker = false;
                String line = first.toString(StandardCharsets.UTF_8);
                if (line.startsWith("benchhal-")) {
                    marker = line;
                } else {
                    // not ours (cannot happen with the script): keep it as output
                    byte[] kept = first.toByteArray();
                    rest.write(kept, 0, kept.length);
                    rest.write(c);
                }
            } else {
                first.write(c);
            }
        }
        if (i < end) {
            rest.write(b, i, end - i);
        }
    }

    /** jsch closes the channel's stderr when the channel closes: the run is over. */
    @Override
    public void close() {
        closed.countDown();
    }

    /**
     * Waits for the channel to close, at most this long.
     *
     * @return whether it closed
     */
    boolean awaitClosed(long nanos) throws InterruptedException {
        return closed.await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** @return the remote pid once the command started, else -1 */
    long pid() {
        String m = marker;
        if (m.startsWith(RemoteCommand.PID_MARKER)) {
            try {
                return Long.parseLong(m.substring(RemoteCommand.PID_MARKER.length()).trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    boolean programNotFound() {
        return marker.equals(RemoteCommand.NOT_FOUND_MARKER);
    }

    boolean directoryNotFound() {
        return marker.equals(RemoteCommand.NO_CWD_MARKER);
    }
}
