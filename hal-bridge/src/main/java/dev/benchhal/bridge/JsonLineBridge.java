package dev.benchhal.bridge;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalInterruptedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.util.Durations;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.error.HalException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.shell.HostShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A helper process that answers one JSON request per line. The protocol, version 1:
 * <ul>
 * <li>on start the bridge prints a handshake line, {@code {"ready": true, "protocol": 1, ...}} (the
 *     rest, package versions for example, is kept for {@link #handshake()}), or
 *     {@code {"ready": false, "error": CODE, "message": ...}} when it cannot serve (a vendor package
 *     is missing), which fails the start with a {@link NotFoundException} carrying the message;</li>
 * <li>each request is {@code {"id": n, "op": NAME, ...parameters}}; the answer is
 *     {@code {"id": n, "ok": true, "result": {...}}} or {@code {"id": n, "ok": false, "error": CODE,
 *     "message": ...}} ({@link BridgeCallException});</li>
 * <li>stdout carries nothing else; stderr goes to this class's SLF4J logger, line by line;</li>
 * <li>the bridge exits when its stdin closes, so it never outlives this JVM.</li>
 * </ul>
 * One request is in flight at a time. A bridge that exits, does not answer within the call's
 * timeout (it is killed) or prints a line that is not its answer (it is killed: its stdout can no
 * longer be trusted) fails the call with {@link DisconnectedException}, {@link HalTimeoutException} or
 * {@link ProtocolException}; the next call starts a new bridge when {@link BridgeSettings#restartOnFailure()}.
 * A shutdown hook kills the bridge if the JVM ends first. Thread-safe.
 */
public final class JsonLineBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLineBridge.class);
    private static final String EOF = new String("<eof>");
    private static final int STDERR_LINES_KEPT = 20;
    /** Where local bridges run; never closed (closing would kill every local bridge of this JVM). */
    private static final HostShell LOCAL = new LocalHostShell();

    private final BridgeSettings settings;
    private final HostShell host;
    /** the bridge's files on a remote host, installed on the first start; null when the command runs as given */
    private final HostBridgeDirectory directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private HostProcess process;
    private OutputStream stdin;
    private BlockingQueue<String> stdout;
    private Thread shutdownHook;
    private Thread stderrPump;
    private Map<String, Object> handshake = Map.of();
    private long nextId = 1;
    private boolean failed;
    private volatile boolean closed;
    private int starts;

    /**
     * @param settings how to start the bridge; nothing starts before {@link #start()} or the first call
     */
    public JsonLineBridge(BridgeSettings settings) {
        this(settings, LOCAL, null);
    }

    /**
     * A bridge on a host: its files are installed in a private directory there on the first start,
     * and the command runs in that directory.
     */
    JsonLineBridge(BridgeSettings settings, HostShell host, HostBridgeDirectory directory) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.host = Objects.requireNonNull(host, "host");
        this.directory = directory;
    }

    /**
     * Starts the bridge and checks its handshake, unless it runs already.
     *
     * @return the handshake
     * @throws NotFoundException     when the program cannot be started or the bridge says it cannot serve
     * @throws HalTimeoutException   when no handshake comes within the start timeout
     * @throws DisconnectedException when the bridge exits before its handshake
     */
    public Map<String, Object> start() {
        lock.lock();
        try {
            ensureRunning();
            return handshake;
        } finally {
            lock.unlock();
        }
    }

    /** @return the last handshake (empty before the first start) */
    public Map<String, Object> handshake() {
        lock.lock();
        try {
            return handshake;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many times a bridge process was started */
    public int starts() {
        lock.lock();
        try {
            return starts;
        } finally {
            lock.unlock();
        }
    }

    /** @return the bridge's process id (on the host it runs on) while it runs */
    public Optional<Long> pid() {
        lock.lock();
        try {
            return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @param op         operation name
     * @param parameters request parameters (Map, List, String, numbers, Boolean, null)
     * @param timeout    how long the answer may take
     * @return the {@code result} object of the answer (empty when it has none)
     * @throws BridgeCallException   when the bridge answers with an error
     * @throws HalTimeoutException   when it does not answer in time (it is killed)
     * @throws DisconnectedException when it exits, or is closed, or crashed before and may not restart
     * @throws ProtocolException     when it prints something that is not the answer (it is killed)
     */
    public Map<String, Object> call(String op, Map<String, ?> parameters, Duration timeout) {
        Objects.requireNonNull(op, "op");
        lock.lock();
        try {
            ensureRunning();
            long id = nextId++;
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("id", id);
            request.put("op", op);
            request.putAll(parameters);
            String line = JsonLines.encode(request);
            LOG.debug("{} > {}", settings.source(), line);
            try {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                throw crashed(op, "the bridge's stdin is closed (" + e.getMessage() + ")");
            }
            String answer;
            try {
                answer = stdout.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new HalInterruptedException(settings.source(), op + ": interrupted; the bridge was killed", e);
            }
            if (answer == null) {
                kill();
                throw new HalTimeoutException(settings.source(), op + ": no answer from the bridge within "
                        + Durations.format(timeout) + "; the bridge was killed" + restartNote());
            }
            if (isEof(answer)) {
                throw crashed(op, "the bridge exited" + exitNote());
            }
            LOG.debug("{} < {}", settings.source(), answer);
            Map<String, Object> reply;
            try {
                reply = JsonLines.decode(answer);
            } catch (IllegalArgumentException e) {
                kill();
                throw new ProtocolException(settings.source(), op + ": the bridge printed a line that is not JSON ("
                        + e.getMessage() + "): " + abbreviate(answer) + "; the bridge was killed" + restartNote(),
                        answer.getBytes(StandardCharsets.UTF_8), null);
            }
            Object replyId = reply.get("id");
            if (!(replyId instanceof Number) || ((Number) replyId).longValue() != id) {
                kill();
                throw new ProtocolException(settings.source(), op + ": expected the answer to request " + id
                        + ", got " + abbreviate(answer) + "; the bridge was killed" + restartNote(),
                        answer.getBytes(StandardCharsets.UTF_8), null);
            }
            if (!Boolean.TRUE.equals(reply.get("ok"))) {
                throw new BridgeCallException(settings.source(), op, String.valueOf(reply.getOrDefault("error", "ERROR")),
                        reply.get("message") == null ? "" : String.valueOf(reply.get("message")));
            }
            Object result = reply.get("result");
            if (result == null) {
                return Map.of();
            }
            if (!(result instanceof Map)) {
                throw new ProtocolException(settings.source(), op + ": expected an object as result, got " + abbreviate(answer),
                        answer.getBytes(StandardCharsets.UTF_8), null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) result;
            return map;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the bridge's stdin (it exits), and kills it if it is still there after a second; on a
     * remote host, then removes the bridge's files. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            stop(Duration.ofSeconds(1));
            if (directory != null) {
                directory.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the last lines the bridge wrote to stderr, for error messages */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void ensureRunning() {
        if (closed) {
            throw new DisconnectedException(settings.source(), "the bridge is closed");
        }
        if (process != null && process.isAlive() && !failed) {
            return;
        }
        if (failed && !settings.restartOnFailure()) {
            throw new DisconnectedException(settings.source(), "the bridge failed before and restarts are off");
        }
        stop(Duration.ZERO);
        launch();
    }

    private void launch() {
        Command command = Command.of(settings.command());
        for (Map.Entry<String, String> variable : settings.environment().entrySet()) {
            command = command.withEnv(variable.getKey(), variable.getValue());
        }
        if (directory != null) {
            command = command.withWorkingDirectory(directory.install());
        }
        HostProcess p;
        try {
            p = host.start(command);
        } catch (NotFoundException e) {
            throw new NotFoundException(settings.source(), "cannot start the bridge with " + settings.command().get(0)
                    + (host == LOCAL ? "" : " on " + host.hostLabel()) + ": " + e.getMessage(), e);
        }
        starts++;
        process = p;
        failed = false;
        stdin = p.stdin();
        stdout = new LinkedBlockingQueue<>();
        synchronized (stderrTail) {
            stderrTail.clear();
        }
        BlockingQueue<String> lines = stdout;
        Thread out = new Thread(() -> pump(p, lines), "bridge-stdout-" + p.pid());
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> logStderr(p), "bridge-stderr-" + p.pid());
        err.setDaemon(true);
        err.start();
        stderrPump = err;
        if (host == LOCAL) {
            // a remote bridge needs no hook: when this JVM ends, its connection does, and the bridge reads end of file
            shutdownHook = new Thread(p::kill, "bridge-reaper-" + p.pid());
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        LOG.info("{}: bridge started (pid {} on {}): {}", settings.source(), p.pid(), host.hostLabel(),
                String.join(" ", settings.command()));
        handshake = readHandshake();
    }

    private Map<String, Object> readHandshake() {
        String line;
        try {
            line = stdout.poll(settings.startTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new HalInterruptedException(settings.source(), "interrupted while the bridge started", e);
        }
        if (line == null) {
            kill();
            throw new HalTimeoutException(settings.source(), "the bridge gave no handshake within "
                    + Durations.format(settings.startTimeout()) + "; it was killed" + stderrNote());
        }
        if (isEof(line)) {
            failed = true;
            throw new DisconnectedException(settings.source(), "the bridge exited before its handshake" + exitNote());
        }
        Map<String, Object> hello;
        try {
            hello = JsonLines.decode(line);
        } catch (IllegalArgumentException e) {
            kill();
            throw new ProtocolException(settings.source(), "expected the bridge's JSON handshake, got "
                    + abbreviate(line), line.getBytes(StandardCharsets.UTF_8), null);
        }
        if (!Boolean.TRUE.equals(hello.get("ready"))) {
            kill();
            throw new NotFoundException(settings.source(), String.valueOf(hello.getOrDefault("message",
                    "the bridge cannot serve: " + hello.getOrDefault("error", line))));
        }
        Object protocol = hello.get("protocol");
        if (!(protocol instanceof Number) || ((Number) protocol).intValue() != 1) {
            kill();
            throw new ProtocolException(settings.source(), "the bridge speaks protocol " + protocol + "; expected 1",
                    line.getBytes(StandardCharsets.UTF_8), null);
        }
        LOG.info("{}: bridge ready: {}", settings.source(), hello);
        return hello;
    }

    private void pump(HostProcess p, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            LOG.debug("{}: bridge stdout closed: {}", settings.source(), e.toString());
        } finally {
            lines.add(EOF);
        }
    }

    private void logStderr(HostProcess p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.stderr(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.info("{} bridge: {}", settings.source(), line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES_KEPT) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: bridge stderr closed: {}", settings.source(), e.toString());
        }
    }

    private DisconnectedException crashed(String op, String what) {
        failed = true;
        HostProcess p = process;
        if (p != null && p.isAlive()) {
            killQuietly(p);
        }
        return new DisconnectedException(settings.source(), op + ": " + what + restartNote() + stderrNote());
    }

    private String exitNote() {
        HostProcess p = process;
        if (p == null) {
            return "";
        }
        try {
            Optional<Integer> code = p.waitFor(Duration.ofSeconds(2));
            if (code.isPresent()) {
                return " with code " + code.get() + stderrNote();
            }
        } catch (HalInterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderrNote();
    }

    private String stderrNote() {
        // once the bridge has exited, its stderr reaches end of file: wait for the pump to log the last lines
        HostProcess p = process;
        Thread pump = stderrPump;
        if (p != null && pump != null) {
            try {
                if (p.waitFor(Duration.ofMillis(200)).isPresent() || !p.isAlive()) {
                    pump.join(1000);
                }
            } catch (InterruptedException | HalInterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // the last line with text: stderr that ends in blank lines must not blank out (or break) the note
        String last = stderrTail().strip().lines().reduce((earlier, later) -> later).orElse("");
        return last.isEmpty() ? "" : "; stderr: " + last;
    }

    /** The end-of-stream marker is this one instance, never a line that happens to read {@code <eof>}. */
    @SuppressWarnings("ReferenceEquality")
    private static boolean isEof(String line) {
        return line == EOF;
    }

    private String restartNote() {
        return settings.restartOnFailure() ? " (the next call starts a new one)" : "";
    }

    private void kill() {
        failed = true;
        HostProcess p = process;
        if (p != null && p.isAlive()) {
            int killed = killQuietly(p);
            LOG.warn("{}: bridge killed ({} process{})", settings.source(), killed, killed == 1 ? "" : "es");
        }
    }

    /** @return how many processes were killed; a host that cannot be reached is logged (the bridge then ends with its connection) */
    private int killQuietly(HostProcess p) {
        try {
            return p.kill();
        } catch (HalException e) {
            LOG.warn("{}: cannot kill the bridge on {}: {}", settings.source(), host.hostLabel(), e.getMessage());
            return 0;
        }
    }

    private void stop(Duration grace) {
        HostProcess p = process;
        if (p == null) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // it is going away anyway
        }
        try {
            if (!grace.isZero()) {
                p.waitFor(grace).ifPresent(code -> LOG.info("{}: bridge exited with code {}", settings.source(), code));
            }
        } catch (HalInterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p.isAlive()) {
            killQuietly(p);
        }
        p.close();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            shutdownHook = null;
        }
        process = null;
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? "\"" + line + "\"" : "\"" + line.substring(0, 200) + "...\" (" + line.length() + " chars)";
    }

    @Override
    public String toString() {
        return "JsonLineBridge[" + settings.source() + "]";
    }
}
