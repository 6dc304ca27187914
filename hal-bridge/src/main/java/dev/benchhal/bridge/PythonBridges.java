package dev.benchhal.bridge;

import dev.benchhal.shell.HostShell;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bridges written in Python and shipped as a resource of a driver's jar: the script and the protocol
 * module it imports ({@code benchhal_bridge.py}) are written once per JVM to a temporary directory
 * that only this user can write (Python cannot run them from inside a jar, and puts the script's
 * directory first on {@code sys.path}), and the script runs with {@code python -u}, with an
 * optional directory of packages in front of {@code PYTHONPATH}. The directory goes when the JVM
 * exits.
 *
 * <p>On the module path the driver's module must open the script's package to
 * {@code dev.benchhal.bridge} ({@code opens dev.benchhal.lin.mum to dev.benchhal.bridge;}).
 */
public final class PythonBridges {

    private static final Map<String, Path> SCRIPTS = new ConcurrentHashMap<>();

    private PythonBridges() {
    }

    /**
     * @param source       what the bridge serves, for messages
     * @param owner        a class of the driver; the resource is looked up next to it
     * @param resource     the script's resource name ({@code mum_bridge.py})
     * @param python       the interpreter
     * @param pythonPath   a directory to put in front of {@code PYTHONPATH}, empty for none
     * @param startTimeout how long the handshake may take
     * @param restart      whether the next call restarts a failed bridge
     * @return settings for a {@link JsonLineBridge}
     */
    public static BridgeSettings settings(String source, Class<?> owner, String resource, String python,
                                          Optional<Path> pythonPath, Duration startTimeout, boolean restart) {
        Map<String, String> environment = new LinkedHashMap<>();
        pythonPath.ifPresent(p -> {
            String existing = System.getenv("PYTHONPATH");
            environment.put("PYTHONPATH", existing == null || existing.isEmpty() ? p.toString()
                    : p + File.pathSeparator + existing);
        });
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        return new BridgeSettings(source, List.of(python, "-u", script(owner, resource).toString()), environment,
                startTimeout, restart);
    }

    /**
     * A bridge that runs on another host (a lab machine over SSH) for as long as it serves, with the
     * same protocol, timeouts and restarts as a local one: on its first start the script and the
     * protocol module are copied to a new directory that only the host's user can write, and the
     * script runs there with {@code python -u} through {@link HostShell#start}; closing the bridge
     * removes the directory. The shell stays the caller's.
     *
     * @param shell        the host
     * @param source       what the bridge serves, for messages
     * @param owner        a class of the driver; the resource is looked up next to it
     * @param resource     the script's resource name ({@code mum_bridge.py})
     * @param python       the interpreter on that host
     * @param pythonPath   a directory on that host to put on {@code PYTHONPATH}, empty for none
     * @param startTimeout how long the handshake may take (and each command that installs the files)
     * @param restart      whether the next call restarts a failed bridge
     * @return the bridge; nothing runs on the host before its first start or call
     */
    public static JsonLineBridge onHost(HostShell shell, String source, Class<?> owner, String resource, String python,
                                        Optional<String> pythonPath, Duration startTimeout, boolean restart) {
        Map<String, String> environment = new LinkedHashMap<>();
        pythonPath.ifPresent(p -> environment.put("PYTHONPATH", p));
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        BridgeFiles files = BridgeFiles.of(owner, resource);
        BridgeSettings settings = new BridgeSettings(source + " (on " + shell.hostLabel() + ")",
                List.of(python, "-u", files.script()), environment, startTimeout, restart);
        return new JsonLineBridge(settings, shell, new HostBridgeDirectory(shell, source, files, startTimeout));
    }

    /**
     * @param owner    a class; the resource is looked up next to it
     * @param resource the script's resource name
     * @return the script as a file, beside the protocol module, written on the first call
     * @throws IllegalStateException when the script is not readable (see the class comment for the module path)
     */
    public static Path script(Class<?> owner, String resource) {
        return SCRIPTS.computeIfAbsent(owner.getName() + "/" + resource, key -> install(BridgeFiles.of(owner, resource)));
    }

    private static Path install(BridgeFiles bridge) {
        try {
            // created readable and writable by this user only on POSIX file systems
            Path directory = Files.createTempDirectory("benchhal-bridge-");
            directory.toFile().deleteOnExit();   // registered first, so deleted after the files in it
            for (Map.Entry<String, byte[]> file : bridge.files().entrySet()) {
                Path path = directory.resolve(file.getKey());
                Files.write(path, file.getValue());
                path.toFile().deleteOnExit();
            }
            return directory.resolve(bridge.script());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bridge.script() + " to a temporary directory", e);
        }
    }
}
