package dev.benchhal.shell.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
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
import dev.benchhal.shell.HostProcess;
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
 * (needs {@code ps} and {@code awk} on the host). Files move over SFTP, one transfer at a time on an SFTP
 * channel of a connection of its own that stays open.
 *
 * <p>Thread-safe: commands share a {@link ConnectionPool} of at most {@code maxConnections}
 * connections with {@code maxSessionsPerConnection} channels each. A connection that dropped is
 * replaced for the next command; a command cut by a drop gets a {@link DisconnectedException}.
 */
public final class SshHostShell implements HostShell {

    private static final Logger LOG = LoggerFactory.getLogger(SshHostShell.class);
    private static final long MAX_FILE_BYTES = 64L << 20;
    /** The SFTP extension of OpenSSH's server that renames over an existing file. */
    private static final String POSIX_RENAME = "posix-rename@openssh.com";
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(15);
    /** How often a run looks at the connection and its deadline while the command runs (its end wakes it at once). */
    private static final long POLL_NANOS = 20_000_000L;

    /** How long past a command's timeout the helper may take to answer that it killed the command. */
    private static final long HELPER_GRACE_NANOS = 10_000_000_000L;

    private final SshSettings settings;
    private final SshConnector connector;
    private final ConnectionPool pool;
    private final String source;
    private final Object sftpLock = new Object();
    private Session sftpSession;        // guarded by sftpLock
    private ChannelSftp sftpChannel;    // guarded by sftpLock
    /** set first by close: nothing new starts */
    private volatile boolean closing;
    /** set once what was started is killed: running commands end */
    private volatile boolean closed;
    private final java.util.Set<SshProcess> processes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** the host's Python for the persistent session, or null for a channel per command */
    private volatile String helperPython;
    private CommandHelper helper;
    /** why the persistent session asked for is not used, or null */
    private String helperFallback;

    SshHostShell(SshSettings settings) {
        this(settings, null);
    }

    /**
     * @param helperPython the host's Python 3 for a persistent session (commands through one remote
     *                     helper), or null for a channel per command
     */
    SshHostShell(SshSettings settings, String helperPython) {
        this.settings = settings;
        this.source = settings.uri().toString();
        this.connector = new SshConnector(settings);
        this.pool = new ConnectionPool(source, connector::connect, settings.maxConnections(),
                settings.maxSessionsPerConnection());
        this.helperPython = helperPython;
    }

    /**
     * @return how commands run: {@code "persistent"} (one remote helper), {@code "exec"} (a channel
     *         each), or {@code "exec (...)"} when the persistent session was asked for but the host
     *         lacks what it needs
     */
    public String mode() {
        synchronized (this) {
            if (helperPython != null) {
                return "persistent";
            }
            return helperFallback == null ? "exec" : "exec (" + helperFallback + ")";
        }
    }

    /** @return the running helper, started on first use; null when commands run a channel each */
    private synchronized CommandHelper helper() {
        if (helperPython == null) {
            return null;
        }
        if (helper == null || helper.ended()) {
            if (helper != null) {
                helper.close();
            }
            helper = CommandHelper.start(connector.connect(), helperPython, source, settings.connectTimeout());
            if (helper == null) {
                helperFallback = helperPython + " not found on the host";
                LOG.warn("{}: persistent session unavailable ({}): commands run a channel each", settings.label(),
                        helperFallback);
                helperPython = null;
            } else {
                LOG.debug("{}: command helper running as pid {}", settings.label(), helper.pid());
            }
        }
        return helper;
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
        CommandHelper h = helper();
        return h != null ? runThroughHelper(h, command) : runOnChannel(command);
    }

    /** A command through the persistent session's helper, which enforces the timeout and bounds itself. */
    private CommandResult runThroughHelper(CommandHelper h, Command command) {
        long start = System.nanoTime();
        CommandHelper.Call call = h.send(command, command.timeout().toMillis(), command.maxOutputBytes());
        String[] a;
        try {
            a = call.answer().get(command.timeout().toNanos() + HELPER_GRACE_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException wedged) {
            h.cancel(call.id());
            h.close(); // the helper kills whatever it ran when its session ends
            throw new HalTimeoutException(source, command + " did not finish within " + Durations.format(command.timeout())
                    + "; the command helper did not answer and was ended, which kills what it ran");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof HalException he) {
                throw he;
            }
            throw new HalException(source, "cannot run " + command + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            h.cancel(call.id());
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while running " + command, e);
        }
        switch (a[0]) {
            case "notfound":
                throw new NotFoundException(source, "cannot run " + command + ": no such program on " + settings.label());
            case "nocwd":
                throw new NotFoundException(source, "cannot run " + command + ": no directory "
                        + command.workingDirectory().orElse("") + " on " + settings.label());
            case "error":
                throw new HalException(source, "the command helper failed to run " + command + ": "
                        + new String(decode(a.length > 1 ? a[1] : "-"), java.nio.charset.StandardCharsets.UTF_8));
            case "done":
                if (a.length < 8) {
                    break;
                }
                if (a[6].equals("1")) {
                    int killed = Integer.parseInt(a[7]);
                    throw new HalTimeoutException(source, command + " did not finish within "
                            + Durations.format(command.timeout()) + "; killed " + killed + " remote process"
                            + (killed == 1 ? "" : "es"));
                }
                return new CommandResult(command.argv(), Integer.parseInt(a[1]), decode(a[2]), decode(a[3]),
                        a[4].equals("1"), a[5].equals("1"), Duration.ofNanos(System.nanoTime() - start));
            default:
                break;
        }
        throw new HalException(source, "the command helper answered " + String.join(" ", a) + " to " + command);
    }

    private static byte[] decode(String b64) {
        return b64.equals("-") ? new byte[0] : java.util.Base64.getDecoder().decode(b64);
    }

    /** A command on an exec channel of its own, through the wrapper script ({@link RemoteCommand}). */
    private CommandResult runOnChannel(Command command) {
        long start = System.nanoTime();
        long deadline = start + command.timeout().toNanos();
        BoundedOutput out = new BoundedOutput(command.maxOutputBytes());
        BoundedOutput err = new BoundedOutput(command.maxOutputBytes());
        MarkedStderr marked = new MarkedStderr(err);
        String token = RemoteCommand.newToken();
        String exec = RemoteCommand.build(command, token);
        ConnectionPool.Lease lease = null;
        ChannelExec channel = null;
        // A channel that fails to open never started the command. On a connection that is still up the
        // server refused it (its per-connection session limit, while the channels just closed still
        // count): try again there, a little later, until the command's timeout; on a dropped
        // connection, once on a fresh one.
        int fresh = 0;
        for (int refused = 0; channel == null; ) {
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
                boolean up = lease.session().isConnected();
                lease.release(!up);
                if (closed || (up ? System.nanoTime() - deadline >= 0 : fresh++ >= 1)) {
                    throw new DisconnectedException(source, "cannot start " + command + ": " + e.getMessage(), e);
                }
                if (up) {
                    LOG.debug("{}: channel refused ({}), trying again", settings.label(), e.getMessage());
                    backOff(refused++);
                } else {
                    LOG.debug("{}: connection dropped ({}), retrying on a fresh one", settings.label(), e.getMessage());
                }
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
                            + Durations.format(command.timeout()) + "; " + cancel(token, channel, marked.pid() >= 0));
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
            cancel(token, channel, marked.pid() >= 0);
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while running " + command, e);
        } finally {
            channel.disconnect();
            lease.release(broken);
        }
    }

    /** Waits 1, 2, 4 ... up to 50 ms before opening a refused channel again. */
    private void backOff(int refused) {
        try {
            Thread.sleep(Math.min(50L, 1L << Math.min(refused, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while waiting for a channel", e);
        }
    }

    /**
     * Ends a run that must not go on, over a second channel (the first one may be wedged): kills its
     * remote processes, or, when the host has not started it yet, keeps it from starting.
     *
     * @return what was done, for the error message
     */
    private String cancel(String token, ChannelExec channel, boolean started) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception e) {
            // OpenSSH refuses signal requests; the cancel below is what counts
        }
        try {
            int killed = killRun(token, started);
            return switch (killed) {
                case 0 -> started ? "it had ended on the host meanwhile" : "it had not started on the host and will not start";
                case 1 -> "killed 1 remote process";
                default -> "killed " + killed + " remote processes";
            };
        } catch (HalException e) {
            LOG.warn("{}: could not cancel a timed-out command on the host: {}", settings.label(), e.getMessage());
            return "could not cancel it on the host: " + e.getMessage();
        }
    }

    /**
     * Kills the processes of a run by its token ({@link RemoteCommand#cancel(String, boolean)}), also
     * when the calling thread is interrupted (the interrupt is kept for the caller).
     *
     * @return how many processes were killed
     * @throws HalException when the host cannot be reached
     */
    int killRun(String token, boolean started) {
        boolean interrupted = Thread.interrupted();
        try {
            CommandResult r = runOnChannel(Command.of("sh", "-c", RemoteCommand.cancel(token, started))
                    .withTimeout(CANCEL_TIMEOUT));
            String killed = r.stdoutText().strip();
            LOG.debug("{}: cancelled run {}: {} processes killed", settings.label(), token, killed);
            try {
                return Integer.parseInt(killed);
            } catch (NumberFormatException e) {
                throw new HalException(source, "cancelling run " + token + " answered \"" + killed + "\" (exit "
                        + r.exitCode() + ", " + r.stderrText().strip() + ")");
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts a command on an exec channel of a connection of its own; see {@link HostShell#start(Command)}.
     * Runs also when the shell is in persistent mode (the helper runs short commands only).
     */
    @Override
    public HostProcess start(Command command) {
        ensureOpen();
        SshProcess[] started = new SshProcess[1];
        SshProcess p = SshProcess.start(this, connector.connect(), command, settings.connectTimeout(),
                () -> processes.remove(started[0]));
        started[0] = p;
        processes.add(p);
        if (closing) {
            p.close();
            throw new DisconnectedException(source, "SSH shell closed while " + command + " started");
        }
        return p;
    }

    /**
     * Runs an SFTP action on the shell's one SFTP channel, on a connection of its own, opened on first use and kept
     * open (a transfer at a time). Kept open, because closing an SFTP channel and opening the next channel at once
     * loses that channel on some servers: Dropbear (2022.83) can take the exit of the SFTP server it is still ending
     * for the next channel's, which then ends without an exit status or takes the connection down with it.
     */
    private <T> T sftp(String what, SftpAction<T> action) {
        ensureOpen();
        synchronized (sftpLock) {
            ChannelSftp channel = sftpChannel(what);
            try {
                return action.apply(channel);
            } catch (SftpException e) {
                if (!channel.isConnected()) {
                    dropSftp();
                    throw new DisconnectedException(source, what + ": the SFTP channel closed: " + e.getMessage(), e);
                }
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw new NotFoundException(source, what + ": no such file on " + settings.label(), e);
                }
                throw new HalException(source, what + " failed: " + e.getMessage(), e);
            } catch (IOException e) {
                if (!channel.isConnected()) {
                    dropSftp();
                }
                throw new HalException(source, what + " failed: " + e, e);
            }
        }
    }

    /** @return the open SFTP channel, opened (with its connection) when there is none or it closed */
    private ChannelSftp sftpChannel(String what) {
        if (sftpChannel != null && sftpChannel.isConnected() && sftpSession != null && sftpSession.isConnected()) {
            return sftpChannel;
        }
        dropSftp();
        Session session = connector.connect();
        try {
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect((int) settings.connectTimeout().toMillis());
            sftpSession = session;
            sftpChannel = channel;
            return channel;
        } catch (JSchException e) {
            session.disconnect();
            throw new DisconnectedException(source, what + ": SFTP unavailable: " + e.getMessage(), e);
        }
    }

    /** Closes the SFTP channel and its connection, if any. */
    private void dropSftp() {
        if (sftpChannel != null) {
            sftpChannel.disconnect();
            sftpChannel = null;
        }
        if (sftpSession != null) {
            sftpSession.disconnect();
            sftpSession = null;
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
        boolean renamed = sftp("write " + path, s -> {
            try (InputStream in = content.open()) {
                s.put(in, tmp);
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw new NotFoundException(source, "cannot write " + path + ": its directory does not exist", e);
                }
                throw e;
            }
            // OpenSSH's SFTP server renames over an existing file (rename(2)) with this extension, in the same
            // channel; without it, SFTP's own rename refuses an existing target, and mv on the host does it
            if (s.getExtension(POSIX_RENAME) != null) {
                try {
                    s.rename(tmp, path);
                    return true;
                } catch (SftpException e) {
                    s.rm(tmp);
                    throw new HalException(source, "cannot replace " + path + ": " + e.getMessage(), e);
                }
            }
            return false;
        });
        if (renamed) {
            return;
        }
        CommandResult mv = run(Command.of("mv", "-f", "--", tmp, path).withTimeout(Duration.ofSeconds(60)));
        if (!mv.succeeded()) {
            run(Command.of("rm", "-f", "--", tmp).withTimeout(Duration.ofSeconds(60)));
            throw new HalException(source, "cannot replace " + path + ": " + mv.stderrText().strip());
        }
    }

    private void ensureOpen() {
        if (closing) {
            throw new DisconnectedException(source, "SSH shell is closed");
        }
    }

    /**
     * Kills the processes it started, then disconnects every connection; running commands end with
     * {@link DisconnectedException}. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;   // no new command or process from here on; the kills below still run
        for (SshProcess p : java.util.List.copyOf(processes)) {
            LOG.warn("{}: killing {} still running at close", settings.label(), p);
            p.close();
        }
        closed = true;
        synchronized (this) {
            if (helper != null) {
                helper.close();
            }
        }
        synchronized (sftpLock) {
            dropSftp();
        }
        pool.close();
        LOG.debug("{}: closed", settings.label());
    }

    @Override
    public String toString() {
        return "SshHostShell[" + settings.label() + "]";
    }
}
