package dev.benchhal.bridge;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Python bridge on another host, reached through a {@link HostShell} (a lab machine over SSH): on
 * the first {@link #run(List)} the script and the protocol module it imports are copied to a new
 * directory that only the remote user can write ({@code mktemp -d}: Python puts the script's
 * directory first on {@code sys.path}), and each run starts the script with a batch of requests on
 * stdin and reads the answers from stdout, in the protocol of {@link JsonLineBridge}. Stateless
 * between batches, so a batch carries everything it needs (connect, operation, disconnect).
 * {@link #close()} removes the directory. Every part of a command is an argument of its own;
 * nothing is pasted into a shell string. Thread-safe when the shell is.
 */
public final class ShellBatchBridge implements AutoCloseable {

    private final HostShell shell;
    private final String source;
    private final HostBridgeDirectory directory;
    private final String python;
    private final Optional<String> pythonPath;
    private final Duration timeout;
    private boolean closed;                // guarded by this
    private volatile Map<String, Object> handshake = Map.of();

    /**
     * @param shell      the host the bridge runs on
     * @param source     what the bridge serves, for messages
     * @param owner      a class of the driver; the script resource is looked up next to it
     * @param resource   the script's resource name
     * @param python     the interpreter on that host
     * @param pythonPath a directory on that host to put in front of {@code PYTHONPATH}, empty for none
     * @param timeout    how long one batch may take
     */
    public ShellBatchBridge(HostShell shell, String source, Class<?> owner, String resource, String python,
                            Optional<String> pythonPath, Duration timeout) {
        this.shell = Objects.requireNonNull(shell, "shell");
        this.source = Objects.requireNonNull(source, "source");
        this.directory = new HostBridgeDirectory(shell, source, BridgeFiles.of(owner, resource), timeout);
        this.python = Objects.requireNonNull(python, "python");
        this.pythonPath = Objects.requireNonNull(pythonPath, "pythonPath");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return the private directory the bridge is installed in on the host, empty before the first run and after close */
    public Optional<String> remoteDirectory() {
        return directory.path();
    }

    /** @return the handshake of the last batch */
    public Map<String, Object> handshake() {
        return handshake;
    }

    /**
     * Runs a batch.
     *
     * @param requests operations, each a map with {@code op} and its parameters
     * @return each request's {@code result}, in order
     * @throws BridgeCallException   for the first request the bridge answered with an error (the others still ran)
     * @throws NotFoundException     when Python or the packages are missing on the host
     * @throws DisconnectedException when the bridge exited before answering everything
     * @throws ProtocolException     when it printed something that is not an answer
     * @throws IllegalStateException after {@link #close()}
     */
    public List<Map<String, Object>> run(List<Map<String, Object>> requests) {
        String script = install() + "/" + directory.script();
        StringBuilder stdin = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("id", (long) i + 1);
            request.putAll(requests.get(i));
            stdin.append(JsonLines.encode(request)).append('\n');
        }
        Command command = Command.of(python, "-u", script).withTimeout(timeout)
                .withStdin(stdin.toString().getBytes(StandardCharsets.UTF_8))
                .withEnv("PYTHONDONTWRITEBYTECODE", "1");
        if (pythonPath.isPresent()) {
            command = command.withEnv("PYTHONPATH", pythonPath.get());
        }
        CommandResult result = shell.run(command);
        List<String> lines = result.stdoutText().lines().filter(l -> !l.isBlank()).toList();
        String where = source + " (on " + shell.hostLabel() + ")";
        if (lines.isEmpty()) {
            throw new DisconnectedException(where, "the bridge printed nothing and exited with code " + result.exitCode()
                    + lastLine(result.stderrText()));
        }
        Map<String, Object> hello = decode(lines.get(0), where);
        if (!Boolean.TRUE.equals(hello.get("ready"))) {
            throw new NotFoundException(where, String.valueOf(hello.getOrDefault("message", "the bridge cannot serve")));
        }
        handshake = hello;
        Map<Long, Map<String, Object>> answers = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, Object> answer = decode(line, where);
            Object id = answer.get("id");
            if (id instanceof Number) {
                answers.put(((Number) id).longValue(), answer);
            }
        }
        List<Map<String, Object>> results = new ArrayList<>(requests.size());
        BridgeCallException first = null;
        for (int i = 0; i < requests.size(); i++) {
            Map<String, Object> answer = answers.get((long) i + 1);
            String op = String.valueOf(requests.get(i).get("op"));
            if (answer == null) {
                throw new DisconnectedException(where, op + ": the bridge exited with code " + result.exitCode()
                        + " before answering" + lastLine(result.stderrText()));
            }
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                if (first == null) {
                    first = new BridgeCallException(where, op, String.valueOf(answer.getOrDefault("error", "ERROR")),
                            answer.get("message") == null ? "" : String.valueOf(answer.get("message")));
                }
                results.add(Map.of());
                continue;
            }
            Object value = answer.get("result");
            @SuppressWarnings("unchecked")
            Map<String, Object> map = value instanceof Map ? (Map<String, Object>) value : Map.of();
            results.add(map);
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /** @return the private directory with the script and the protocol module, made on the first call */
    private synchronized String install() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        return directory.install();
    }

    /** Removes the bridge's directory from the host; a failure is logged, not thrown. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        directory.remove();
    }

    private static Map<String, Object> decode(String line, String where) {
        try {
            return JsonLines.decode(line);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(where, "the bridge printed a line that is not JSON (" + e.getMessage() + "): "
                    + (line.length() > 200 ? line.substring(0, 200) + "..." : line), line.getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private static String lastLine(String stderr) {
        return HostBridgeDirectory.lastLine(stderr);
    }

    @Override
    public String toString() {
        return "ShellBatchBridge[" + source + " on " + shell.hostLabel() + "]";
    }
}
