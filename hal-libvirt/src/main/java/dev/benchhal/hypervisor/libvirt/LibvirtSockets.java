package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.DeviceUri;
import dev.benchhal.spi.DiscoveredDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery without connecting: a libvirt daemon that listens leaves its socket where libvirt's
 * clients look for it. The system daemon (monolithic {@code libvirtd} or modular
 * {@code virtqemud}) under {@code /run/libvirt}; a session daemon under
 * {@code $XDG_RUNTIME_DIR/libvirt}, or {@code ~/.cache/libvirt} without a runtime directory.
 */
final class LibvirtSockets {

    /** Where the system daemons put their sockets. */
    static final Path SYSTEM_RUN = Path.of("/run/libvirt");

    private static final List<String> SOCKETS = List.of("libvirt-sock", "virtqemud-sock");
    /** The file type bits of a socket in {@code st_mode}. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private LibvirtSockets() {
    }

    /**
     * @param environment the process environment ({@code XDG_RUNTIME_DIR}, {@code HOME})
     * @return where a session daemon of this user would listen, if the environment says
     */
    static Optional<Path> sessionRun(Map<String, String> environment) {
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Optional.of(Path.of(runtime, "libvirt"));
        }
        String home = environment.get("HOME");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "libvirt"));
    }

    /**
     * @param systemRun  the system daemons' directory ({@link #SYSTEM_RUN})
     * @param sessionRun the session daemon's directory, if any
     * @return {@code libvirt:qemu:///system} and {@code libvirt:qemu:///session} for the daemons that listen
     */
    static List<DiscoveredDevice> discover(Path systemRun, Optional<Path> sessionRun) {
        List<DiscoveredDevice> out = new ArrayList<>();
        listening(systemRun).ifPresent(socket -> out.add(new DiscoveredDevice(DeviceUri.parse("libvirt:qemu:///system"),
                "system libvirt daemon listening at " + socket)));
        sessionRun.flatMap(LibvirtSockets::listening).ifPresent(socket -> out.add(new DiscoveredDevice(
                DeviceUri.parse("libvirt:qemu:///session"), "session libvirt daemon of this user listening at " + socket)));
        return out;
    }

    private static Optional<Path> listening(Path directory) {
        return SOCKETS.stream().map(directory::resolve).filter(LibvirtSockets::isSocket).findFirst();
    }

    private static boolean isSocket(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode") & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;   // absent, unreadable, or a file system without unix attributes: no daemon found here
        }
    }
}
