package dev.benchhal.core.shell;

import dev.benchhal.error.HalInterruptedException;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.core.util.ProcessTrees;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A {@link HostProcess} on this machine: a {@link Process} whose tree is killed by {@link ProcessTrees}. */
final class LocalProcess implements HostProcess {

    private final Process process;
    private final String source;
    private final Runnable onClose;

    LocalProcess(Process process, String source, Runnable onClose) {
        this.process = process;
        this.source = source;
        this.onClose = onClose;
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public Optional<Integer> waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS) ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalInterruptedException(source, "interrupted while waiting for pid " + process.pid(), e);
        }
    }

    @Override
    public int kill() {
        return process.isAlive() ? ProcessTrees.kill(process) : 0;
    }

    @Override
    public void close() {
        kill();
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        onClose.run();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the process is gone: nothing is lost
        }
    }

    @Override
    public String toString() {
        return "LocalProcess[pid " + process.pid() + "]";
    }
}
