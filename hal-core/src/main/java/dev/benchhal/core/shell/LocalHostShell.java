package dev.benchhal.core.shell;

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
import dev.benchhal.util.Durations;
import dev.benchhal.core.util.ProcessTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link HostShell} on this machine through {@link ProcessBuilder}: argument lists only (no
 * shell in between), environment and working directory per command, bounded output, and a
 * timeout that kills the whole process tree; long-running processes with their streams
 * ({@link #start(Command)}). Closing the shell kills what is still running, started processes included.
 * Thread-safe.
 */
public final class LocalHostShell implements HostShell {

    private static final Logger LOG = LoggerFactory.getLogger(LocalHostShell.class);
    /** Largest file {@link #readFile(String)} reads: 64 MiB. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final DeviceUri uri;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param uri the URI it was opened from ({@code local:}) */
    public LocalHostShell(DeviceUri uri) {
        this.uri = uri;
    }

    /** Creates a shell with URI {@code local:}. */
    public LocalHostShell() {
        this(DeviceUri.parse("local:"));
    }

    @Override
    public DeviceUri uri() {
        return uri;
    }

    @Override
    public String hostLabel() {
        return "local";
    }

    @Override
    public CommandResult run(Command command) {
        ensureOpen();
        long start = System.nanoTime();
        Process process = launch(command, "run");
        try {
            return await(command, process, start);
        } finally {
            running.remove(process);
        }
    }

    @Override
    public HostProcess start(Command command) {
        ensureOpen();
        Process process = launch(command, "start");
        LocalProcess started = new LocalProcess(process, uri.toString(), () -> running.remove(process));
        if (command.stdin().length > 0) {
            try {
                process.getOutputStream().write(command.stdin());
                process.getOutputStream().flush();
            } catch (IOException e) {
                // it closed its stdin or exited at once: what it did is in its exit code and output
                LOG.debug("{}: {} did not take its stdin: {}", uri, command, e.toString());
            }
        }
        return started;
    }

    /** Starts the command's process with its environment and directory, and counts it as running. */
    private Process launch(Command command, String verb) {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.environment());
        command.workingDirectory().ifPresent(d -> pb.directory(new File(d)));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new NotFoundException(uri.toString(), "cannot " + verb + " " + command + ": " + e.getMessage(), e);
        }
        running.add(process);
        return process;
    }

    private CommandResult await(Command command, Process process, long start) {
        BoundedCapture out = new BoundedCapture(process.getInputStream(), command.maxOutputBytes());
        BoundedCapture err = new BoundedCapture(process.getErrorStream(), command.maxOutputBytes());
        Thread outThread = daemon(out, "local-stdout");
        Thread errThread = daemon(err, "local-stderr");
        Thread inThread = daemon(() -> feed(process.getOutputStream(), command.stdin()), "local-stdin");
        long limitNanos = command.timeout().toNanos();
        try {
            if (!process.waitFor(limitNanos, TimeUnit.NANOSECONDS)) {
                int killed = ProcessTrees.kill(process);
                throw new HalTimeoutException(uri.toString(), command + " did not finish within "
                        + Durations.format(command.timeout()) + "; killed " + killed + " process" + (killed == 1 ? "" : "es"));
            }
            // A background child can hold the pipes open after the command exits; give the
            // readers what is left of the timeout, then go on with what they have.
            long left = Math.max(TimeUnit.MILLISECONDS.toNanos(200), limitNanos - (System.nanoTime() - start));
            joinNanos(outThread, left);
            joinNanos(errThread, TimeUnit.MILLISECONDS.toNanos(200));
            if (!out.done() || !err.done()) {
                LOG.warn("{}: {} exited but a background process still holds its output open; output may be incomplete",
                        uri, command);
            }
            inThread.interrupt();
            return new CommandResult(command.argv(), process.exitValue(), out.bytes(), err.bytes(), out.truncated(),
                    err.truncated(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            ProcessTrees.kill(process);
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(uri.toString(), "interrupted while running " + command + "; process killed", e);
        }
    }

    private static void feed(OutputStream stdin, byte[] data) {
        try (stdin) {
            stdin.write(data);
        } catch (IOException e) {
            // the program closed its stdin or exited before reading it all: not our error
        }
    }

    private static void joinNanos(Thread t, long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.timedJoin(t, nanos);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public byte[] readFile(String path) {
        ensureOpen();
        Path p = Path.of(path);
        try {
            long size = Files.size(p);
            if (size > MAX_FILE_BYTES) {
                throw new HalException(uri.toString(), path + " is " + size + " bytes; readFile reads at most " + MAX_FILE_BYTES);
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(uri.toString(), "no file " + path, e);
        } catch (IOException e) {
            throw new HalException(uri.toString(), "cannot read " + path + ": " + e, e);
        }
    }

    @Override
    public void writeFile(String path, byte[] content) {
        ensureOpen();
        Path target = Path.of(path).toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NotFoundException(uri.toString(), "cannot write " + path + ": no directory " + dir);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original error is what matters
                }
            }
            throw new HalException(uri.toString(), "cannot write " + path + ": " + e, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DisconnectedException(uri.toString(), "this shell is closed");
        }
    }

    /** Kills every command still running and refuses new ones. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Process p : running) {
            LOG.warn("{}: killing {} still running at close", uri, p.info().commandLine().orElse("pid " + p.pid()));
            ProcessTrees.kill(p);
        }
    }

    @Override
    public String toString() {
        return "LocalHostShell[" + uri + "]";
    }
}
