package dev.benchhal.shell;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A process started on a host by {@link HostShell#start(Command)} that goes on running while the
 * caller talks to it through its streams: a helper that answers requests on stdin, a log that is
 * followed, a server for the length of a test.
 *
 * <pre>{@code
 * try (HostProcess cat = rig.start(Command.of("cat"))) {
 *     cat.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
 *     cat.stdin().flush();
 *     String echo = new BufferedReader(new InputStreamReader(cat.stdout(), StandardCharsets.UTF_8)).readLine();
 * }
 * }</pre>
 *
 * <p>Read stdout and stderr as the process writes them (a thread each, or one after the other when
 * the process is known to write little to one of them): like an operating system's pipe, each holds
 * a bounded amount, and a process whose output is not read stops when it is full. Closing
 * {@link #stdin()} sends end of file. Thread-safe: the streams may be used from different threads,
 * and {@link #kill()} and {@link #close()} from any thread. Errors: {@link #waitFor(Duration)}
 * throws {@link dev.benchhal.error.HalInterruptedException} when interrupted; {@link #kill()} throws
 * {@link dev.benchhal.error.HalException} when the host cannot be reached to kill the process (it
 * then ends when its connection does: it reads end of file on stdin, and SSH closes its output).
 */
public interface HostProcess extends AutoCloseable {

    /** @return the process's standard input; closing it sends end of file */
    OutputStream stdin();

    /** @return the process's standard output; end of file once it and every process holding it ended */
    InputStream stdout();

    /** @return the process's standard error; end of file once it and every process holding it ended */
    InputStream stderr();

    /** @return the process id on its host */
    long pid();

    /** @return whether the process still runs (on a remote host: whether its channel is still open) */
    boolean isAlive();

    /**
     * Waits for the process to end. Blocks the calling thread.
     *
     * @param timeout how long to wait at most
     * @return its exit code once it ended; empty when it still runs after the timeout, or when it
     *         ended without one (killed on a remote host whose server reports no status)
     * @throws dev.benchhal.error.HalInterruptedException when the thread is interrupted while waiting
     */
    Optional<Integer> waitFor(Duration timeout);

    /**
     * Kills the process and every process it started, and waits until they are gone. Blocks the
     * calling thread for a round trip to a remote host. Does nothing when it has ended.
     *
     * @return how many processes were killed
     * @throws dev.benchhal.error.HalException when the host cannot be reached to kill them
     */
    int kill();

    /**
     * Kills the process tree if it still runs and releases what the process held here (its
     * connection, its streams). Idempotent; never throws: a failure to kill is logged.
     */
    @Override
    void close();
}
