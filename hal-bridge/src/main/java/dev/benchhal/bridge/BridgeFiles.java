package dev.benchhal.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A driver's Python bridge script and the protocol module it imports ({@code benchhal_bridge.py},
 * shipped here), as the files to install side by side in one directory. Python puts the script's
 * directory first on {@code sys.path}, so that directory must be one only this user can write:
 * anything planted there would run as the user.
 */
final class BridgeFiles {

    /** The protocol module every bridge script imports. */
    static final String PROTOCOL_MODULE = "benchhal_bridge.py";

    private final String script;
    private final Map<String, byte[]> files;

    private BridgeFiles(String script, Map<String, byte[]> files) {
        this.script = script;
        this.files = files;
    }

    /**
     * @param owner    a class of the driver; the script is the resource next to it
     * @param resource the script's resource name ({@code mum_bridge.py})
     * @return the script and the protocol module
     * @throws IllegalArgumentException when the resource name is not a plain Python file name
     * @throws IllegalStateException    when the script cannot be read
     */
    static BridgeFiles of(Class<?> owner, String resource) {
        if (!resource.matches("[a-z][a-z0-9_]*\\.py") || resource.equals(PROTOCOL_MODULE)) {
            throw new IllegalArgumentException("bridge script " + resource + " is not a plain Python file name "
                    + "(lower case, digits, underscores, .py) or is the name of the protocol module");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PROTOCOL_MODULE, read(BridgeFiles.class, PROTOCOL_MODULE));
        files.put(resource, read(owner, resource));
        return new BridgeFiles(resource, files);
    }

    private static byte[] read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                // on the module path a resource in a package is readable from here only when the package is open to us
                throw new IllegalStateException(resource + " is missing next to " + owner.getName() + " or not readable"
                        + " by dev.benchhal.bridge (a named module must declare: opens " + owner.getPackageName()
                        + " to dev.benchhal.bridge;)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " next to " + owner.getName(), e);
        }
    }

    /** @return the file name of the script to run */
    String script() {
        return script;
    }

    /** @return file name to content, the protocol module first */
    Map<String, byte[]> files() {
        return files;
    }
}
