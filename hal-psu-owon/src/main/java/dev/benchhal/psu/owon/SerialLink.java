package dev.benchhal.psu.owon;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.spi.LineTransport;
import jssc.SerialPort;
import jssc.SerialPortException;
import jssc.SerialPortTimeoutException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A serial port (jssc) as a line transport: 8N1 at the given baud rate, lines written with LF,
 * replies read up to LF with CR dropped. A half line that times out stays buffered for the next
 * read unless {@link #discardInput()}. Thread-safe.
 */
public final class SerialLink implements LineTransport {

    private final SerialPort port;
    private final String description;
    private final ReplyLineAssembler lines;
    private volatile boolean closed;

    private SerialLink(SerialPort port, String description) {
        this.port = port;
        this.description = description;
        this.lines = new ReplyLineAssembler(description);
    }

    /**
     * @param portName {@code /dev/ttyUSB0}, {@code COM7}
     * @param baud     bit/s
     * @return the open port
     * @throws NotFoundException when the port cannot be opened, with the system's reason
     */
    public static SerialLink open(String portName, int baud) {
        SerialPort port = new SerialPort(portName);
        String description = portName + " " + baud + " 8N1";
        try {
            port.openPort();
            port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE, false, false);
            port.setFlowControlMode(SerialPort.FLOWCONTROL_NONE);
            port.purgePort(SerialPort.PURGE_RXCLEAR | SerialPort.PURGE_TXCLEAR);
        } catch (SerialPortException | RuntimeException | LinkageError e) {
            try {
                if (port.isOpened()) {
                    port.closePort();
                }
            } catch (SerialPortException ignored) {
                // it failed to open in the first place
            }
            throw new NotFoundException(portName, "cannot open the serial port: " + reason(e));
        }
        return new SerialLink(port, description);
    }

    private static String reason(Throwable e) {
        if (e instanceof SerialPortException) {
            String type = ((SerialPortException) e).getExceptionType();
            return type == null ? e.getMessage() : type.toLowerCase(java.util.Locale.ROOT);
        }
        return e.toString();
    }

    @Override
    public synchronized void writeLine(String line) {
        requireOpen();
        try {
            port.writeBytes((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (SerialPortException e) {
            throw gone(e);
        }
    }

    @Override
    public synchronized Optional<String> readLine(Duration timeout) {
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return Optional.empty();
            }
            byte b;
            try {
                b = port.readBytes(1, (int) Math.min(Integer.MAX_VALUE, leftMillis))[0];
            } catch (SerialPortTimeoutException timedOut) {
                return Optional.empty();
            } catch (SerialPortException e) {
                throw gone(e);
            }
            Optional<String> line = lines.accept(b);
            if (line.isPresent()) {
                return line;
            }
        }
    }

    @Override
    public synchronized void discardInput() {
        lines.reset();
        try {
            if (!closed) {
                port.purgePort(SerialPort.PURGE_RXCLEAR);
                int stale = port.getInputBufferBytesCount();
                if (stale > 0) {
                    port.readBytes(stale);
                }
            }
        } catch (SerialPortException e) {
            throw gone(e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            port.closePort();
        } catch (SerialPortException ignored) {
            // the port is gone already
        }
    }

    private DisconnectedException gone(SerialPortException e) {
        return new DisconnectedException(description, "the serial port failed: " + reason(e), e);
    }

    private void requireOpen() {
        if (closed) {
            throw new DisconnectedException(description, "the serial port is closed");
        }
    }
}
