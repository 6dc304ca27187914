package dev.benchhal.psu.owon.sim;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.core.util.ProcessTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The simulator behind a real serial line: {@code socat} makes a pty pair, the simulator serves one
 * end, and the driver opens the other ({@link #devicePath()}) like a USB serial adapter, through
 * jssc. Replies end with CR LF, as the supplies' do. Tests can also put raw bytes on the line
 * ({@link #inject(byte[])}) and pull the cable ({@link #close()}). Needs {@code socat} on the PATH.
 */
public final class PtySimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PtySimulator.class);

    private final OwonSimulator simulator;
    private final Path devicePath;
    /** $1, $2: socat's addresses. Ends when socat ends; kills socat when its standard input (the JVM's pipe) closes. */
    private static final String SOCAT_TIED_TO_PARENT = "exec 3<&0; socat \"$1\" \"$2\" </dev/null & s=$!; "
            + "{ cat <&3 >/dev/null; kill $s 2>/dev/null; } & wait $s";

    private final Process socat;
    private final InputStream in;
    private final OutputStream out;
    private final Thread server;
    private volatile boolean closed;
    private volatile byte[] nextReply;

    private PtySimulator(OwonSimulator simulator, Path devicePath, Process socat, InputStream in, OutputStream out) {
        this.simulator = simulator;
        this.devicePath = devicePath;
        this.socat = socat;
        this.in = in;
        this.out = out;
        this.server = new Thread(this::serve, "owon-pty-sim");
        this.server.setDaemon(true);
        this.server.start();
    }

    /**
     * @param simulator the supply to serve
     * @param directory where the two pty links go ({@code device} for the driver, {@code sim} for the simulator)
     * @return the running simulator
     * @throws NotFoundException when socat is not installed or the ptys do not appear
     */
    public static PtySimulator start(OwonSimulator simulator, Path directory) {
        Path device = directory.resolve("device");
        Path sim = directory.resolve("sim");
        Process socat;
        try {
            // socat must not outlive this JVM, however it ends (SIGTERM, SIGKILL, a crash): a watcher holds
            // the write end of a pipe from the JVM and kills socat when the pipe closes
            socat = new ProcessBuilder("sh", "-c", SOCAT_TIED_TO_PARENT, "benchhal-pty",
                    "pty,raw,echo=0,link=" + device, "pty,raw,echo=0,link=" + sim)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new NotFoundException("socat", "cannot start socat to make a pty pair (apt-get install socat): "
                    + e.getMessage());
        }
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(Files.exists(device) && Files.exists(sim))) {
                if (!socat.isAlive() || System.nanoTime() > deadline) {
                    throw new NotFoundException("socat", "the pty pair did not appear in " + directory);
                }
                Thread.sleep(10);
            }
            InputStream in = new FileInputStream(sim.toFile());
            OutputStream out = new FileOutputStream(sim.toFile());
            LOG.info("simulated {} behind {}", simulator.model().modelName(), device.toRealPath());
            return new PtySimulator(simulator, device, socat, in, out);
        } catch (IOException | InterruptedException | RuntimeException e) {
            ProcessTrees.kill(socat);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException ? (RuntimeException) e
                    : new NotFoundException("socat", "cannot open the simulator's pty: " + e.getMessage());
        }
    }

    /** @return the serial device the driver opens (a link to the pty) */
    public Path devicePath() {
        return devicePath;
    }

    /** @return the simulated supply */
    public OwonSimulator simulator() {
        return simulator;
    }

    /**
     * Writes raw bytes to the driver's side, as noise or a misbehaving device would.
     *
     * @param bytes what to put on the line
     */
    public synchronized void inject(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to the pty", e);
        }
    }

    /**
     * Answers the next command with these raw bytes instead of the simulator's reply: noise, half a
     * line, a reply without its terminator.
     *
     * @param bytes the bytes to send, exactly
     */
    public void answerNextWith(byte[] bytes) {
        this.nextReply = bytes.clone();
    }

    private void serve() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while (!closed && (b = in.read()) >= 0) {
                if (b == '\n') {
                    String command = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                    line.reset();
                    Optional<String> reply = simulator.handle(command);
                    byte[] raw = nextReply;
                    if (raw != null && reply.isPresent()) {
                        nextReply = null;
                        inject(raw);
                    } else if (reply.isPresent()) {
                        if (!simulator.latency().isZero()) {
                            Thread.sleep(simulator.latency().toMillis());
                        }
                        inject((reply.get() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                } else {
                    line.write(b);
                }
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            if (!closed) {
                LOG.debug("pty simulator stopped: {}", e.toString());
            }
        }
    }

    /** Pulls the cable: socat goes, and with it both ends of the line. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ProcessTrees.kill(socat);
        try {
            in.close();
            out.close();
        } catch (IOException ignored) {
            // gone with socat
        }
    }
}
