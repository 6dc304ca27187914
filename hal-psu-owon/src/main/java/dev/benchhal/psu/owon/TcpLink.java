package dev.benchhal.psu.owon;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.spi.LineTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A raw TCP socket as a line transport, for supplies on the LAN (ODP models listen on a port such as
 * 3000 or 4196): lines written with LF, replies read up to LF with CR dropped. Thread-safe.
 */
public final class TcpLink implements LineTransport {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private final ReplyLineAssembler lines;
    private volatile boolean closed;

    private TcpLink(Socket socket, String description) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.description = description;
        this.lines = new ReplyLineAssembler(description);
    }

    /**
     * @param host           host name or address
     * @param port           TCP port
     * @param connectTimeout how long connecting may take
     * @return the connected link
     * @throws NotFoundException when nothing accepts the connection
     */
    public static TcpLink open(String host, int port, Duration connectTimeout) {
        Socket socket = new Socket();
        String description = "tcp://" + host + ":" + port;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return new TcpLink(socket, description);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // never connected
            }
            throw new NotFoundException(description, "cannot connect: " + e.getMessage());
        }
    }

    @Override
    public synchronized void writeLine(String line) {
        requireOpen();
        try {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw gone(e);
        }
    }

    @Override
    public synchronized Optional<String> readLine(Duration timeout) {
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException timedOut) {
                    return Optional.empty();
                }
                if (b < 0) {
                    throw new DisconnectedException(description, "the supply closed the connection");
                }
                Optional<String> line = lines.accept(b);
                if (line.isPresent()) {
                    return line;
                }
            }
        } catch (IOException e) {
            throw gone(e);
        }
    }

    @Override
    public synchronized void discardInput() {
        lines.reset();
        try {
            int available = in.available();
            if (available > 0) {
                in.skipNBytes(available);
            }
        } catch (IOException e) {
            throw gone(e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private DisconnectedException gone(IOException e) {
        return new DisconnectedException(description, "the connection failed: " + e.getMessage(), e);
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(description, "the connection is closed");
        }
    }
}
