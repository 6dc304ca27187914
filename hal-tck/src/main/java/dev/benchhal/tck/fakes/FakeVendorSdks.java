package dev.benchhal.tck.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fakes of the vendor SDKs the bridges drive, as Python packages that the real bridge scripts import in place of the
 * vendors' own: {@code brainstem} (Acroname's BrainStem: hubs by serial, port power and current limits, hubs that
 * crash or keep their state between processes) and {@code pymumclient} with {@code pylin} (Melexis' Universal
 * Master: a LIN master on a simulated bus, misbehaviours by host name). A driver test puts {@link #pythonPath()} on
 * the bridge's {@code pythonPath}; the lab host container copies the same packages onto its Python path.
 *
 * <p>The packages live in this jar and are written once per JVM into a directory of their own (the fake BrainStem
 * keeps hub state beside its package, in {@code .state}, so every JVM has its own hubs). Thread-safe.
 */
public final class FakeVendorSdks {

    /** Every file of the packages, relative to the Python path. */
    static final List<String> FILES = List.of(
            "brainstem/__init__.py", "brainstem/discover.py", "brainstem/link.py", "brainstem/stem.py",
            "pylin/__init__.py", "pymumclient/__init__.py", "pymumclient/_bench.py");

    private static Path extracted;

    private FakeVendorSdks() {
    }

    /**
     * The directory that holds the packages, written on first use. Blocks for the writes.
     *
     * @return a directory to put on a Python path; the same one for the JVM's life
     * @throws UncheckedIOException when the packages cannot be written
     */
    public static synchronized Path pythonPath() {
        if (extracted == null) {
            try {
                Path dir = Files.createTempDirectory("benchhal-fake-sdks");
                for (String file : FILES) {
                    Path target = dir.resolve(file);
                    Files.createDirectories(target.getParent());
                    try (InputStream in = FakeVendorSdks.class.getResourceAsStream("python/" + file)) {
                        if (in == null) {
                            throw new IllegalStateException("python/" + file + " is missing from hal-tck's jar");
                        }
                        Files.write(target, in.readAllBytes());
                    }
                }
                extracted = dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the fake vendor SDKs: " + e.getMessage(), e);
            }
        }
        return extracted;
    }
}
