package dev.benchhal.usb.acroname;

import dev.benchhal.bridge.BridgeCallException;
import dev.benchhal.usb.acroname.sim.SimulatedBrainStem;

import java.util.Map;

/** The simulated SDK in place of the bridge process: the operations go to a {@link SimulatedBrainStem}. */
final class SimulatedHubLink implements HubLink {

    private final AcronameSettings settings;
    private final SimulatedBrainStem brainstem;

    SimulatedHubLink(AcronameSettings settings, SimulatedBrainStem brainstem) {
        this.settings = settings;
        this.brainstem = brainstem;
    }

    /** @return the simulated SDK the operations go to */
    SimulatedBrainStem brainstem() {
        return brainstem;
    }

    @Override
    public Map<String, Object> connect() {
        return call("connect", Map.of("serial", settings.serial(), "model", settings.model().sdkName()));
    }

    @Override
    public Map<String, Object> call(String op, Map<String, ?> parameters) {
        try {
            return brainstem.call(op, parameters);
        } catch (SimulatedBrainStem.Refused e) {
            throw new BridgeCallException(settings.uri().toString(), op, e.code(), e.getMessage());
        }
    }

    @Override
    public Map<String, Object> handshake() {
        return Map.of("bridge", "acroname", "brainstem", "simulated");
    }

    @Override
    public int starts() {
        return 1;
    }

    @Override
    public void close() {
        brainstem.call("disconnect", Map.of());
    }
}
