package dev.benchhal.shell.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The remote stderr: takes the script's first line (a {@link RemoteCommand} marker) for itself
 * and passes everything after it to the command's stderr (bounded for a run, a pipe for a started
 * process). Its close, when jsch closes the channel, is how the run learns at once that the command
 * ended.
 */
final class MarkedStderr extends OutputStream {

    private static final int MAX_MARKER = 64;

    private final OutputStream rest;
    private final boolean closeRest;
    private final ByteArrayOutputStream first = new ByteArrayOutputStream();
    private boolean inMarker = true;
    private boolean restGone;
    private volatile String marker = "";
    private final java.util.concurrent.CountDownLatch markerSeen = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    /**
     * @param rest      where the command's own stderr goes
     * @param closeRest whether the channel's close also closes {@code rest} (its reader then sees end of file)
     */
    MarkedStderr(OutputStream rest, boolean closeRest) {
        this.rest = rest;
        this.closeRest = closeRest;
    }

    /** @param rest the command's bounded stderr, left open at the end */
    MarkedStderr(OutputStream rest) {
        this(rest, false);
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
                    pass(first.toByteArray(), 0, first.size());
                    pass(new byte[]{c}, 0, 1);
                }
                markerSeen.countDown();
            } else {
                first.write(c);
            }
        }
        if (i < end) {
            pass(b, i, end - i);
        }
    }

    /** Passes output on; once its reader has gone, the rest is dropped (nobody can read it). */
    private void pass(byte[] b, int off, int len) {
        if (restGone) {
            return;
        }
        try {
            rest.write(b, off, len);
            rest.flush();
        } catch (IOException e) {
            restGone = true;
        }
    }

    /** jsch closes the channel's stderr when the channel closes: the run is over. */
    @Override
    public void close() {
        markerSeen.countDown();
        if (closeRest) {
            try {
                rest.close();
            } catch (IOException ignored) {
                // its reader has gone
            }
        }
        closed.countDown();
    }

    /**
     * Waits for the script's first line (or the channel's close), at most this long.
     *
     * @return whether it came
     */
    boolean awaitMarker(long nanos) throws InterruptedException {
        return markerSeen.await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
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
