package dev.benchhal.bridge;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Python bridge on another host, reached through a {@link HostShell} (a lab machine over SSH): the
 * script is copied there once, and each {@link #run(List)} starts it with a batch of requests on
 * stdin and reads the answers from stdout, in the protocol of {@link JsonLineBridge}. Stateless
 * between batches, so a batch carries everything it needs (connect, operation, disconnect). Every
 * part of the command is an argument of its own; nothing is pasted into a shell string.
 * Thread-safe when the shell is.
 */
public final class ShellBatchBridge {

    private final HostShell shell;
    private final String source;
    private final byte[] script;
    private final String remotePath;
    private final String python;
    private final Optional<String> pythonPath;
    private final Duration timeout;
    private volatile boolean copied;
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
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing next to " + owner.getName());
            }
            this.script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the content's hash in the name: bridges of different versions never overwrite each other's script
        this.remotePath = "/tmp/benchhal-" + resource.replace(".py", "") + "-" + sha256(script).substring(0, 12) + ".py";
        this.python = Objects.requireNonNull(python, "python");
        this.pythonPath = Objects.requireNonNull(pythonPath, "pythonPath");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return where the script lives on the host */
    public String remotePath() {
        return remotePath;
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
     */
    public List<Map<String, Object>> run(List<Map<String, Object>> requests) {
        copyScript();
        StringBuilder stdin = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("id", (long) i + 1);
            request.putAll(requests.get(i));
            stdin.append(JsonLines.encode(request)).append('\n');
        }
        Command command = Command.of(python, "-u", remotePath).withTimeout(timeout)
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

    private void copyScript() {
        if (!copied) {
            synchronized (this) {
                if (!copied) {
                    shell.writeFile(remotePath, script);
                    copied = true;
                }
            }
        }
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
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : "; stderr: " + lines.get(lines.size() - 1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ShellBatchBridge[" + source + " on " + shell.hostLabel() + ":" + remotePath + "]";
    }
}
