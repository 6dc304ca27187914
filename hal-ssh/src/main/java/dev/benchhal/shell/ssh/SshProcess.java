package dev.benchhal.shell.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalInterruptedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process started over SSH ({@link SshHostShell#start(Command)}): the {@link RemoteCommand}
 * script on an exec channel of a connection of its own, so a caller that reads its output slowly
 * holds up nothing else. Its stdout and stderr reach the caller through operating system pipes
 * (bounded, like the process's own), its stdin is the channel's. Killed like a timed-out run: by its
 * token, over the shell's other connections.
 */
final class SshProcess implements HostProcess {

    private static final Logger LOG = LoggerFactory.getLogger(SshProcess.class);
    /** How long a killed process's channel may take to close after its processes are gone. */
    private static final long CLOSE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final SshHostShell shell;
    private final String source;
    private final Command command;
    private final String token;
    private final Session session;
    private final ChannelExec channel;
    private final MarkedStderr marked;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final Runnable onClose;
    private boolean closed;   // guarded by this

    private SshProcess(SshHostShell shell, String source, Command command, String token, Session session,
                       ChannelExec channel, MarkedStderr marked, OutputStream stdin, InputStream stdout,
                       InputStream stderr, Runnable onClose) {
        this.shell = shell;
        this.source = source;
        this.command = command;
        this.token = token;
        this.session = session;
        this.channel = channel;
        this.marked = marked;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.onClose = onClose;
    }

    /**
     * Starts the command and waits until the host has started it (the script's first line).
     *
     * @param shell        the shell whose connections kill it
     * @param session      a connection of its own, which the process then owns (disconnected on failure)
     * @param command      the command
     * @param startTimeout how long the host may take to start it
     * @param onClose      called once when the process is closed
     */
    static SshProcess start(SshHostShell shell, Session session, Command command, Duration startTimeout,
                            Runnable onClose) {
        String source = shell.uri().toString();
        String token = RemoteCommand.newToken();
        ChannelExec channel = null;
        try {
            Pipe out = Pipe.open();
            Pipe err = Pipe.open();
            MarkedStderr marked = new MarkedStderr(Channels.newOutputStream(err.sink()), true);
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(RemoteCommand.build(command, token));
            // jsch closes both when the channel closes: the caller then reads end of file
            channel.setOutputStream(Channels.newOutputStream(out.sink()), false);
            channel.setErrStream(marked, false);
            OutputStream in = channel.getOutputStream();
            channel.connect();
            SshProcess p = new SshProcess(shell, source, command, token, session, channel, marked, in,
                    Channels.newInputStream(out.source()), Channels.newInputStream(err.source()), onClose);
            p.awaitStart(startTimeout);
            LOG.debug("{}: started {} as pid {}", shell.hostLabel(), command, p.pid());
            return p;
        } catch (JSchException | IOException e) {
            if (channel != null) {
                channel.disconnect();
            }
            session.disconnect();
            throw new DisconnectedException(source, "cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    private void awaitStart(Duration startTimeout) {
        boolean seen;
        try {
            seen = marked.awaitMarker(startTimeout.toNanos());
        } catch (InterruptedException e) {
            end(false);
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while starting " + command, e);
        }
        if (!seen) {
            end(false);
            throw new HalTimeoutException(source, command + " did not start within " + Durations.format(startTimeout)
                    + " on " + shell.hostLabel());
        }
        if (marked.programNotFound()) {
            end(true);
            throw new NotFoundException(source, "cannot start " + command + ": no such program on " + shell.hostLabel());
        }
        if (marked.directoryNotFound()) {
            end(true);
            throw new NotFoundException(source, "cannot start " + command + ": no directory "
                    + command.workingDirectory().orElse("") + " on " + shell.hostLabel());
        }
        if (marked.pid() < 0) {
            end(true);
            throw new DisconnectedException(source, command + " ended before it started (the connection to "
                    + shell.hostLabel() + " closed)");
        }
        if (command.stdin().length > 0) {
            try {
                stdin.write(command.stdin());
                stdin.flush();
            } catch (IOException e) {
                // it ended at once: what it did is in its exit code and output
                LOG.debug("{}: {} did not take its stdin: {}", shell.hostLabel(), command, e.toString());
            }
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public long pid() {
        return marked.pid();
    }

    @Override
    public boolean isAlive() {
        return !channel.isClosed() && session.isConnected();
    }

    @Override
    public Optional<Integer> waitFor(Duration timeout) {
        try {
            long end = System.nanoTime() + timeout.toNanos();
            // the channel closes when the process ends; a dropped connection never closes it
            while (!marked.awaitClosed(Math.min(end - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)))) {
                if (!session.isConnected() || System.nanoTime() - end >= 0) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while waiting for " + command, e);
        }
        int exit = channel.getExitStatus();
        return exit < 0 ? Optional.empty() : Optional.of(exit);
    }

    @Override
    public int kill() {
        if (!isAlive()) {
            return 0;
        }
        int killed = shell.killRun(token, marked.pid() >= 0);
        waitFor(Duration.ofNanos(CLOSE_NANOS));
        return killed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kill();
        } catch (HalException e) {
            LOG.warn("{}: could not kill {} (pid {}): {}; it reads end of file on its stdin now", shell.hostLabel(),
                    command, pid(), e.getMessage());
        }
        end(true);
        onClose.run();
    }

    /** Releases the channel, the connection and the pipes; a run not yet known to have started is cancelled first. */
    private void end(boolean started) {
        if (!started) {
            try {
                shell.killRun(token, false);
            } catch (HalException e) {
                LOG.warn("{}: could not cancel {}: {}", shell.hostLabel(), command, e.getMessage());
            }
        }
        channel.disconnect();
        session.disconnect();
        for (AutoCloseable c : new AutoCloseable[]{stdin, stdout, stderr}) {
            try {
                c.close();
            } catch (Exception ignored) {
                // going away
            }
        }
    }

    @Override
    public String toString() {
        return "SshProcess[" + shell.hostLabel() + " pid " + pid() + ": " + command + "]";
    }
}
