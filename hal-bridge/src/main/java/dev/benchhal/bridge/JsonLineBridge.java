package dev.benchhal.bridge;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalInterruptedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.util.Durations;
import dev.benchhal.core.util.ProcessTrees;
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

    private final BridgeSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private Process process;
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
        this.settings = Objects.requireNonNull(settings, "settings");
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

    /** @return the bridge's process id while it runs */
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

    /** Closes the bridge's stdin (it exits), and kills it if it is still there after a second. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            stop(Duration.ofSeconds(1));
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
        ProcessBuilder builder = new ProcessBuilder(settings.command());
        builder.environment().putAll(settings.environment());
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new NotFoundException(settings.source(), "cannot start the bridge with " + settings.command().get(0)
                    + ": " + e.getMessage());
        }
        starts++;
        process = p;
        failed = false;
        stdin = p.getOutputStream();
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
        shutdownHook = new Thread(() -> {
            if (p.isAlive()) {
                ProcessTrees.kill(p);
            }
        }, "bridge-reaper-" + p.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("{}: bridge started (pid {}): {}", settings.source(), p.pid(), String.join(" ", settings.command()));
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

    private void pump(Process p, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
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

    private void logStderr(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
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
        Process p = process;
        if (p != null && p.isAlive()) {
            ProcessTrees.kill(p);
        }
        return new DisconnectedException(settings.source(), op + ": " + what + restartNote() + stderrNote());
    }

    private String exitNote() {
        Process p = process;
        if (p == null) {
            return "";
        }
        try {
            if (p.waitFor(2, TimeUnit.SECONDS)) {
                return " with code " + p.exitValue() + stderrNote();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderrNote();
    }

    private String stderrNote() {
        // once the bridge has exited, its stderr reaches end of file: wait for the pump to log the last lines
        Process p = process;
        Thread pump = stderrPump;
        if (p != null && pump != null) {
            try {
                if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    pump.join(1000);
                }
            } catch (InterruptedException e) {
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
        Process p = process;
        if (p != null && p.isAlive()) {
            int killed = ProcessTrees.kill(p);
            LOG.warn("{}: bridge killed ({} process{})", settings.source(), killed, killed == 1 ? "" : "es");
        }
    }

    private void stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // it is going away anyway
        }
        try {
            if (!grace.isZero() && p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("{}: bridge exited with code {}", settings.source(), p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p.isAlive()) {
            ProcessTrees.kill(p);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
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
