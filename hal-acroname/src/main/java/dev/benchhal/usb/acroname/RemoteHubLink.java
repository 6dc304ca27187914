package dev.benchhal.usb.acroname;

import dev.benchhal.bridge.ShellBatchBridge;
import dev.benchhal.shell.HostShell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK on a lab host that the hub is plugged into (the seed's {@code usb=remote}), through that
 * host's {@link HostShell}: each operation is one batch, connect, operation, disconnect, so the
 * exclusive BrainStem link is held only while the operation runs.
 */
final class RemoteHubLink implements HubLink {

    private final AcronameSettings settings;
    private final ShellBatchBridge bridge;
    private int batches;

    RemoteHubLink(AcronameSettings settings, HostShell shell) {
        this.settings = settings;
        this.bridge = new ShellBatchBridge(shell, settings.uri().toString(), BrainStemHub.class, "acroname_bridge.py",
                settings.python(), settings.pythonPath().map(Object::toString), settings.startTimeout().plus(settings.latency()));
    }

    private Map<String, Object> connectRequest() {
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("op", "connect");
        connect.put("serial", settings.serial());
        connect.put("model", settings.model().sdkName());
        return connect;
    }

    @Override
    public synchronized Map<String, Object> connect() {
        batches++;
        return bridge.run(List.of(connectRequest(), Map.of("op", "disconnect"))).get(0);
    }

    @Override
    public synchronized Map<String, Object> call(String op, Map<String, ?> parameters) {
        Map<String, Object> request = new LinkedHashMap<>(parameters);
        request.put("op", op);
        batches++;
        return bridge.run(List.of(connectRequest(), request, Map.of("op", "disconnect"))).get(1);
    }

    @Override
    public Map<String, Object> handshake() {
        return bridge.handshake();
    }

    @Override
    public synchronized int starts() {
        return batches;
    }

    @Override
    public void close() {
        // no device is held between batches; only the installed bridge is left to remove
        bridge.close();
    }

    /**
     * Lists the hubs the SDK finds on a lab host.
     *
     * @param shell      the host
     * @param python     its interpreter with the SDK
     * @param pythonPath a package directory on it, empty for none
     * @param timeout    how long the SDK may take (start and discovery)
     * @return the SDK's version and the hubs it found
     */
    static AcronameDiscovery.SdkInventory discover(HostShell shell, String python, Optional<String> pythonPath,
                                                   java.time.Duration timeout) {
        try (ShellBatchBridge bridge = new ShellBatchBridge(shell, "acroname discovery on " + shell.hostLabel(),
                BrainStemHub.class, "acroname_bridge.py", python, pythonPath, timeout)) {
            Object hubs = bridge.run(List.of(Map.of("op", "discover"))).get(0).get("hubs");
            List<AcronameDiscovery.SdkHub> found = new java.util.ArrayList<>();
            if (hubs instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> hub && hub.get("serial") instanceof String serial
                            && AcronameSettings.SERIAL.matcher(serial).matches()) {
                        int code = hub.get("model") instanceof Number n ? n.intValue() : -1;
                        found.add(new AcronameDiscovery.SdkHub(serial.toUpperCase(java.util.Locale.ROOT), code));
                    }
                }
            }
            Object version = bridge.handshake().get("brainstem");
            String v = version == null || "unknown".equals(version) ? pipVersion(shell, python, pythonPath, timeout) : version.toString();
            return new AcronameDiscovery.SdkInventory(shell.hostLabel(), v, found);
        }
    }

    /**
     * The SDK's version from pip, for builds whose {@code brainstem} module has no {@code __version__} (the seed's
     * fallback probe).
     *
     * @return the version pip reports, or {@code unknown}
     */
    private static String pipVersion(HostShell shell, String python, Optional<String> pythonPath, java.time.Duration timeout) {
        dev.benchhal.shell.Command pip = dev.benchhal.shell.Command.of(python, "-m", "pip", "show", "brainstem").withTimeout(timeout);
        if (pythonPath.isPresent()) {
            pip = pip.withEnv("PYTHONPATH", pythonPath.get());
        }
        try {
            dev.benchhal.shell.CommandResult r = shell.run(pip);
            if (r.exitCode() == 0) {
                for (String line : r.stdoutText().lines().toList()) {
                    if (line.startsWith("Version:")) {
                        return line.substring("Version:".length()).strip();
                    }
                }
            }
        } catch (dev.benchhal.error.HalException e) {
            // no pip there: the version stays unknown
        }
        return "unknown";
    }
}
