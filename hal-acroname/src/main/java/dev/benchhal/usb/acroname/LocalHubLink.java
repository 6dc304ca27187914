package dev.benchhal.usb.acroname;

import dev.benchhal.bridge.JsonLineBridge;
import dev.benchhal.bridge.PythonBridges;
import dev.benchhal.error.HalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The SDK through a bridge process on this machine, connected once and reconnected after a bridge restart. */
final class LocalHubLink implements HubLink {

    private static final Logger LOG = LoggerFactory.getLogger(LocalHubLink.class);

    private final AcronameSettings settings;
    private final JsonLineBridge bridge;
    private Map<String, Object> connected;
    private int connectedForStart = -1;

    LocalHubLink(AcronameSettings settings) {
        this.settings = settings;
        this.bridge = new JsonLineBridge(PythonBridges.settings(settings.uri().toString(), BrainStemHub.class,
                "acroname_bridge.py", settings.python(), settings.pythonPath(), settings.startTimeout(), settings.restart()));
    }

    @Override
    public synchronized Map<String, Object> connect() {
        bridge.start();
        if (connectedForStart != bridge.starts()) {
            connected = bridge.call("connect", Map.of("serial", settings.serial(), "model", settings.model().sdkName()),
                    settings.startTimeout());
            connectedForStart = bridge.starts();
            if (bridge.starts() > 1) {
                LOG.warn("{}: bridge restarted (start {}); hub reconnected", settings.uri(), bridge.starts());
            }
        }
        return connected;
    }

    @Override
    public synchronized Map<String, Object> call(String op, Map<String, ?> parameters) {
        connect();
        return bridge.call(op, parameters, settings.latency());
    }

    @Override
    public Map<String, Object> handshake() {
        return bridge.handshake();
    }

    @Override
    public int starts() {
        return bridge.starts();
    }

    @Override
    public synchronized void close() {
        try {
            if (bridge.pid().isPresent()) {
                try {
                    bridge.call("disconnect", Map.of(), settings.latency());
                } catch (HalException e) {
                    LOG.warn("{}: disconnect failed: {}", settings.uri(), e.getMessage());
                }
            }
        } finally {
            bridge.close();
        }
    }
}
