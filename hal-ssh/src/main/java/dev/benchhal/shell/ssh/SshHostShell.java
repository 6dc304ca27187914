package dev.benchhal.shell.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalInterruptedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.util.BoundedOutput;
import dev.benchhal.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * {@link HostShell} over SSH. Commands are argument lists, each part single-quoted into a fixed
 * POSIX script ({@link RemoteCommand}); the remote login shell must understand POSIX single quotes
 * ({@code sh}, {@code bash}, {@code zsh}, {@code ksh}). A timeout kills the remote process tree
 * (needs {@code ps} and {@code awk} on the host). Files move over SFTP.
 *
 * <p>Thread-safe: commands share a {@link ConnectionPool} of at most {@code maxConnections}
 * connections with {@code maxSessionsPerConnection} channels each. A connection that dropped is
 * replaced for the next command; a command cut by a drop gets a {@link DisconnectedException}.
 */
public final class SshHostShell implements HostShell {

    private static final Logger LOG = LoggerFactory.getLogger(SshHostShell.class);
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(15);
    /** How often a run looks at the connection and its deadline while the command runs (its end wakes it at once). */
    private static final long POLL_NANOS = 20_000_000L;

    private final SshSettings settings;
    private final ConnectionPool pool;
    private final String source;
    private volatile boolean closed;

    SshHostShell(SshSettings settings) {
        this.settings = settings;
        this.source = settings.uri().toString();
        SshConnector connector = new SshConnector(settings);
        this.pool = new ConnectionPool(source, connector::connect, settings.maxConnections(),
                settings.maxSessionsPerConnection());
    }

    /** Connects once, so a bad host key, key or address fails at open rather than at first use. */
    void verifyReachable() {
        pool.acquire(settings.connectTimeout()).release(false);
    }

    @Override
    public DeviceUri uri() {
        return settings.uri();
    }

    @Override
    public String hostLabel() {
        return settings.label();
    }

    /** @return connections open now (for diagnostics and tests) */
    public int openConnections() {
        return pool.connections();
    }

    @Override
    public CommandResult run(Command command) {
        ensureOpen();
        long start = System.nanoTime();
        long deadline = start + command.timeout().toNanos();
        BoundedOutput out = new BoundedOutput(command.maxOutputBytes());
        BoundedOutput err = new BoundedOutput(command.maxOutputBytes());
        MarkedStderr marked = new MarkedStderr(err);
        String token = RemoteCommand.newToken();
        String exec = RemoteCommand.build(command, token);
        ConnectionPool.Lease lease = null;
        ChannelExec channel = null;
        // A channel that fails to open never started the command: retry once on a fresh connection.
        for (int attempt = 0; channel == null; attempt++) {
            lease = pool.acquire(command.timeout());
            try {
                ChannelExec c = (ChannelExec) lease.session().openChannel("exec");
                c.setCommand(exec);
                c.setOutputStream(out, true);
                // closed by jsch when the channel closes: that wakes the wait below at once
                c.setErrStream(marked, false);
                // jsch sends EOF after the last byte, so a command reading stdin never waits for more
                c.setInputStream(new ByteArrayInputStream(command.stdin()), false);
                // no timeout here: with one, jsch asks the server to confirm the exec request and polls for
                // the answer every 10 ms, most of a command's time; the channel open itself is still
                // bounded (jsch waits for it at most 20 s), and the command's timeout runs from here
                c.connect();
                channel = c;
            } catch (JSchException e) {
                lease.release(true);
                if (attempt >= 1 || closed) {
                    throw new DisconnectedException(source, "cannot start " + command + ": " + e.getMessage(), e);
                }
                LOG.debug("{}: channel failed ({}), retrying on a fresh connection", settings.label(), e.getMessage());
            }
        }
        boolean broken = false;
        try {
            while (!channel.isClosed()) {
                if (!lease.session().isConnected()) {
                    broken = true;
                    throw new DisconnectedException(source, "connection to " + settings.label() + " dropped while "
                            + command + " ran");
                }
                if (System.nanoTime() >= deadline) {
                    throw new HalTimeoutException(source, command + " did not finish within "
                            + Durations.format(command.timeout()) + "; " + cancel(token, channel));
                }
                if (closed) {
                    throw new DisconnectedException(source, "SSH shell closed while " + command + " ran");
                }
                marked.awaitClosed(Math.min(deadline - System.nanoTime(), POLL_NANOS));
            }
            int exit = channel.getExitStatus();
            if (marked.programNotFound()) {
                throw new NotFoundException(source, "cannot run " + command + ": no such program on " + settings.label());
            }
            if (marked.directoryNotFound()) {
                throw new NotFoundException(source, "cannot run " + command + ": no directory "
                        + command.workingDirectory().orElse("") + " on " + settings.label());
            }
            if (exit < 0) {
                broken = !lease.session().isConnected();
                throw new DisconnectedException(source, command + " ended without an exit status (connection "
                        + (broken ? "dropped" : "closed the channel") + ")");
            }
            return new CommandResult(command.argv(), exit, out.bytes(), err.bytes(), out.truncated(), err.truncated(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            cancel(token, channel);
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while running " + command, e);
        } finally {
            channel.disconnect();
            lease.release(broken);
        }
    }

    /**
     * Ends a run that must not go on, over a second channel (the first one may be wedged): kills its
     * remote processes, or, when the host has not started it yet, keeps it from starting.
     *
     * @return what was done, for the error message
     */
    private String cancel(String token, ChannelExec channel) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception e) {
            // OpenSSH refuses signal requests; the cancel below is what counts
        }
        boolean interrupted = Thread.interrupted();
        try {
            CommandResult r = run(Command.of("sh", "-c", RemoteCommand.cancel(token)).withTimeout(CANCEL_TIMEOUT));
            String killed = r.stdoutText().strip();
            LOG.debug("{}: cancelled run {}: {} processes killed", settings.label(), token, killed);
            return switch (killed) {
                case "0" -> "it had not started on the host and will not start";
                case "1" -> "killed 1 remote process";
                default -> "killed " + killed + " remote processes";
            };
        } catch (HalException e) {
            LOG.warn("{}: could not cancel a timed-out command on the host: {}", settings.label(), e.getMessage());
            return "could not cancel it on the host: " + e.getMessage();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs an SFTP action on a pooled connection. */
    private <T> T sftp(String what, SftpAction<T> action) {
        ensureOpen();
        ConnectionPool.Lease lease = pool.acquire(Duration.ofSeconds(60));
        ChannelSftp sftp = null;
        boolean broken = false;
        try {
            sftp = (ChannelSftp) lease.session().openChannel("sftp");
            sftp.connect((int) settings.connectTimeout().toMillis());
            return action.apply(sftp);
        } catch (JSchException e) {
            broken = true;
            throw new DisconnectedException(source, what + ": SFTP unavailable: " + e.getMessage(), e);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new NotFoundException(source, what + ": no such file on " + settings.label(), e);
            }
            broken = !lease.session().isConnected();
            throw new HalException(source, what + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HalException(source, what + " failed: " + e, e);
        } finally {
            if (sftp != null) {
                sftp.disconnect();
            }
            lease.release(broken);
        }
    }

    @FunctionalInterface
    private interface SftpAction<T> {
        T apply(ChannelSftp sftp) throws SftpException, IOException;
    }

    @Override
    public byte[] readFile(String path) {
        return sftp("read " + path, s -> {
            SftpATTRS attrs = s.stat(path);
            if (attrs.getSize() > MAX_FILE_BYTES) {
                throw new HalException(source, path + " is " + attrs.getSize() + " bytes; readFile reads at most "
                        + MAX_FILE_BYTES + " (use download)");
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream((int) attrs.getSize());
            s.get(path, buf);
            return buf.toByteArray();
        });
    }

    @Override
    public void writeFile(String path, byte[] content) {
        putReplacing(path, () -> new ByteArrayInputStream(content));
    }

    @Override
    public void upload(Path local, String remotePath) {
        if (!Files.isRegularFile(local)) {
            throw new NotFoundException(local.toString(), "no local file to upload");
        }
        putReplacing(remotePath, () -> Files.newInputStream(local));
    }

    @Override
    public void download(String remotePath, Path local) {
        Path tmp = null;
        try {
            Path dir = local.toAbsolutePath().getParent();
            tmp = Files.createTempFile(dir, "." + local.getFileName(), ".part");
            Path target = tmp;
            sftp("download " + remotePath, s -> {
                try (OutputStream o = Files.newOutputStream(target)) {
                    s.get(remotePath, o);
                }
                return null;
            });
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HalException(local.toString(), "cannot store download of " + remotePath + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    @FunctionalInterface
    private interface Source {
        InputStream open() throws IOException;
    }

    /** Writes a temporary file beside the target, then renames it over the target (atomic on one file system). */
    private void putReplacing(String path, Source content) {
        int slash = path.lastIndexOf('/');
        String tmp = (slash < 0 ? "" : path.substring(0, slash + 1)) + "." + path.substring(slash + 1)
                + ".benchhal-" + System.nanoTime() + ".tmp";
        sftp("write " + path, s -> {
            try (InputStream in = content.open()) {
                s.put(in, tmp);
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw new NotFoundException(source, "cannot write " + path + ": its directory does not exist", e);
                }
                throw e;
            }
            return null;
        });
        CommandResult mv = run(Command.of("mv", "-f", "--", tmp, path).withTimeout(Duration.ofSeconds(60)));
        if (!mv.succeeded()) {
            run(Command.of("rm", "-f", "--", tmp).withTimeout(Duration.ofSeconds(60)));
            throw new HalException(source, "cannot replace " + path + ": " + mv.stderrText().strip());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DisconnectedException(source, "SSH shell is closed");
        }
    }

    /** Disconnects every connection; running commands end with {@link DisconnectedException}. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
            LOG.debug("{}: closed", settings.label());
        }
    }

    @Override
    public String toString() {
        return "SshHostShell[" + settings.label() + "]";
    }
}
