package dev.benchhal.shell.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.shell.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The remote side of a persistent session: one Python helper ({@code helper.py}) on the host, started
 * once over an exec channel of its own connection, that runs the commands sent on its stdin, several
 * at a time, and answers each on one line. A command then costs about one round trip and a fork on the
 * host, instead of a channel, a login shell and a wrapper script. The helper keeps the exec path's
 * guarantees itself: argument lists (no shell), exit codes, bounded output, timeouts that freeze and
 * kill the command's process tree, missing program and directory; when the session ends it kills
 * whatever still runs. Thread-safe.
 */
final class CommandHelper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandHelper.class);
    private static final String SCRIPT = script();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final Session session;
    private final ChannelExec channel;
    private final OutputStream requests;
    private final BufferedReader answers;
    private final Map<Long, CompletableFuture<String[]>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String source;
    private volatile long pid;
    private final CompletableFuture<String> greeting = new CompletableFuture<>();
    private volatile boolean ended;

    private CommandHelper(Session session, ChannelExec channel, OutputStream requests, BufferedReader answers,
                          String source) {
        this.session = session;
        this.channel = channel;
        this.requests = requests;
        this.answers = answers;
        this.source = source;
        // one thread reads everything the helper says, its greeting included: jsch's pipe fails its
        // writer when the thread that last read from it has ended
        Thread reader = new Thread(this::readAnswers, "benchhal-ssh-helper " + source);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the helper on its own connection.
     *
     * @param session a connected session, which the helper then owns
     * @param python  the host's Python 3 (a name on its PATH or a path)
     * @param source  the shell's URI, for errors
     * @param timeout how long the helper may take to start
     * @return the helper, or null when the host has no such Python (the session is then disconnected)
     * @throws DisconnectedException when the connection fails while it starts
     */
    static CommandHelper start(Session session, String python, String source, Duration timeout) {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand("sh -c " + RemoteCommand.quote("command -v \"$0\" >/dev/null 2>&1 || "
                    + "{ echo benchhal-nohelper; exit 127; }; exec \"$0\" -u -c \"$1\"") + " "
                    + RemoteCommand.quote(python) + " " + RemoteCommand.quote(SCRIPT));
            channel.setErrStream(OutputStream.nullOutputStream(), true);
            InputStream in = channel.getInputStream();
            OutputStream out = channel.getOutputStream();
            channel.connect();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            CommandHelper helper = new CommandHelper(session, channel, out, reader, source);
            String hello = helper.hello(timeout);
            if (hello == null || !hello.startsWith("benchhal-helper 1 ")) {
                LOG.debug("{}: no command helper ({})", source, hello == null ? "no answer" : hello);
                helper.close();
                return null;
            }
            helper.pid = Long.parseLong(hello.substring(18).trim());
            return helper;
        } catch (JSchException | IOException | NumberFormatException e) {
            if (channel != null) {
                channel.disconnect();
            }
            session.disconnect();
            throw new DisconnectedException(source, "cannot start the command helper: " + e.getMessage(), e);
        }
    }

    /** @return the helper's first line, or null when it said nothing in time */
    private String hello(Duration timeout) {
        try {
            return greeting.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** @return the helper's process id on the host */
    long pid() {
        return pid;
    }

    /** @return whether the helper is gone (its channel or connection closed) */
    boolean ended() {
        return ended || channel.isClosed() || !session.isConnected();
    }

    /**
     * Sends a command.
     *
     * @return the id and the future answer: the words of the answer line after the id
     */
    Call send(Command command, long timeoutMillis, int maxBytes) {
        long id = ids.incrementAndGet();
        StringBuilder line = new StringBuilder("run ").append(id).append(' ').append(timeoutMillis).append(' ')
                .append(maxBytes).append(' ').append(b64(command.workingDirectory().orElse("")))
                .append(' ').append(b64(command.stdin())).append(' ').append(command.environment().size());
        command.environment().forEach((k, v) -> line.append(' ').append(b64(k + "=" + v)));
        for (String arg : command.argv()) {
            line.append(' ').append(b64(arg));
        }
        CompletableFuture<String[]> answer = new CompletableFuture<>();
        pending.put(id, answer);
        if (ended()) {
            pending.remove(id);
            answer.completeExceptionally(gone());
            return new Call(id, answer);
        }
        write(line.append('\n').toString());
        return new Call(id, answer);
    }

    /** Kills a command's process tree on the host; its answer then says it was killed. */
    void cancel(long id) {
        write("cancel " + id + "\n");
    }

    private void write(String text) {
        try {
            synchronized (requests) {
                requests.write(text.getBytes(StandardCharsets.US_ASCII));
                requests.flush();
            }
        } catch (IOException e) {
            close();
        }
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] b) {
        return b.length == 0 ? "-" : B64.encodeToString(b);
    }

    private void readAnswers() {
        try {
            greeting.complete(answers.readLine());
            String line;
            while ((line = answers.readLine()) != null) {
                String[] words = line.split(" ", -1);
                CompletableFuture<String[]> answer = words.length < 2 ? null : pending.remove(Long.parseLong(words[0]));
                if (answer != null) {
                    answer.complete(java.util.Arrays.copyOfRange(words, 1, words.length));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("{}: command helper stream ended: {}", source, e.toString());
        } finally {
            greeting.complete(null);
            ended = true;
            DisconnectedException gone = gone();
            pending.values().forEach(f -> f.completeExceptionally(gone));
            pending.clear();
        }
    }

    private DisconnectedException gone() {
        return new DisconnectedException(source, "the command helper on the host ended (connection dropped or helper killed)");
    }

    /** Ends the helper: it kills whatever still runs. Idempotent. */
    @Override
    public void close() {
        ended = true;
        channel.disconnect();
        session.disconnect();
    }

    private static String script() {
        try (InputStream in = CommandHelper.class.getResourceAsStream("helper.py")) {
            if (in == null) {
                throw new IllegalStateException("helper.py missing from hal-ssh");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A command sent to the helper.
     *
     * @param id     its id, for {@link #cancel(long)}
     * @param answer the words of its answer line after the id
     */
    record Call(long id, CompletableFuture<String[]> answer) {
    }
}
