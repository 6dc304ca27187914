package dev.benchhal.bridge;

import dev.benchhal.error.HalException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bridge's files installed on a host ({@link HostShell}): a new directory that only the host's
 * user can write ({@code mktemp -d}: Python puts the script's directory first on {@code sys.path}),
 * made on the first {@link #install()} and removed by {@link #remove()}. Thread-safe.
 */
final class HostBridgeDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(HostBridgeDirectory.class);
    /** mktemp's template: it replaces the trailing run of {@code X} with as many random characters. */
    private static final String TEMPLATE = "benchhal-bridge." + "X".repeat(10);
    /** What {@code mktemp -d -t} may answer: an absolute path of plain characters ending in our template. */
    private static final Pattern PRIVATE_DIRECTORY = Pattern.compile("/[A-Za-z0-9._/-]*/benchhal-bridge\\.[A-Za-z0-9]{10}");

    private final HostShell shell;
    private final String where;
    private final BridgeFiles files;
    private final Duration timeout;
    private String directory;   // guarded by this; null until installed

    /**
     * @param shell   the host
     * @param source  what the bridge serves, for messages
     * @param files   the files to install
     * @param timeout how long each command on the host may take
     */
    HostBridgeDirectory(HostShell shell, String source, BridgeFiles files, Duration timeout) {
        this.shell = shell;
        this.where = source + " (on " + shell.hostLabel() + ")";
        this.files = files;
        this.timeout = timeout;
    }

    /** @return the script's file name in the directory */
    String script() {
        return files.script();
    }

    /** @return the directory, while installed */
    synchronized Optional<String> path() {
        return Optional.ofNullable(directory);
    }

    /**
     * @return the directory with the script and the protocol module, made on the first call
     * @throws HalException      when the directory cannot be made or a file cannot be written
     * @throws ProtocolException when {@code mktemp} answers something that is not a directory we asked for
     */
    synchronized String install() {
        if (directory == null) {
            CommandResult made = shell.run(Command.of("mktemp", "-d", "-t", TEMPLATE).withTimeout(timeout));
            String path = made.stdoutText().strip();
            if (made.exitCode() != 0) {
                throw new HalException(where, "cannot make a private directory for the bridge (mktemp -d exited with "
                        + made.exitCode() + lastLine(made.stderrText()) + ")");
            }
            if (!PRIVATE_DIRECTORY.matcher(path).matches()) {
                throw new ProtocolException(where, "mktemp -d answered " + path + ", not a private directory we asked for",
                        path.getBytes(StandardCharsets.UTF_8), null);
            }
            try {
                for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
                    shell.writeFile(path + "/" + file.getKey(), file.getValue());
                }
            } catch (RuntimeException e) {
                delete(path);   // half an installation is no installation: the next call starts over
                throw e;
            }
            directory = path;
        }
        return directory;
    }

    /** Removes the directory from the host; a failure is logged, not thrown. Idempotent. */
    synchronized void remove() {
        if (directory != null) {
            String path = directory;
            directory = null;
            delete(path);
        }
    }

    private void delete(String path) {
        try {
            CommandResult removed = shell.run(Command.of("rm", "-rf", "--", path).withTimeout(timeout));
            if (removed.exitCode() != 0) {
                LOG.warn("{}: cannot remove {}: rm exited with {}{}", where, path, removed.exitCode(),
                        lastLine(removed.stderrText()));
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot remove {}: {}", where, path, e.toString());
        }
    }

    /** @return "; stderr: " and the last line with text, or nothing */
    static String lastLine(String stderr) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : "; stderr: " + lines.get(lines.size() - 1);
    }
}
