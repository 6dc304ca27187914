package dev.benchhal.bridge;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
 * Bridges written in Python and shipped as a resource of a driver's jar: the script is written once
 * per JVM to a temporary file (Python cannot run it from inside a jar) and run with
 * {@code python -u}, with an optional directory of packages in front of {@code PYTHONPATH}.
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
     * @param owner    a class; the resource is looked up next to it
     * @param resource the script's resource name
     * @return the script as a file, written on the first call
     */
    public static Path script(Class<?> owner, String resource) {
        return SCRIPTS.computeIfAbsent(owner.getName() + "/" + resource, key -> {
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing next to " + owner.getName());
                }
                Path path = Files.createTempFile("benchhal-" + resource.replace(".py", "") + "-", ".py");
                Files.write(path, in.readAllBytes());
                path.toFile().deleteOnExit();
                return path;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + resource + " to a temporary file", e);
            }
        });
    }
}
