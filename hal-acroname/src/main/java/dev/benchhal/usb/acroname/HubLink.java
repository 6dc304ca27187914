package dev.benchhal.usb.acroname;

import java.util.Map;

/**
 * How a {@link BrainStemHub} reaches Acroname's SDK: a bridge process on this machine
 * ({@link LocalHubLink}) or batches run on a lab host through a HostShell ({@link RemoteHubLink}).
 * Both speak the operations of {@code acroname_bridge.py}.
 */
interface HubLink extends AutoCloseable {

    /**
     * Connects to the hub (or checks it can be reached).
     *
     * @return the connect result: {@code ports}, {@code firmware}
     */
    Map<String, Object> connect();

    /**
     * @param op         a bridge operation
     * @param parameters its parameters
     * @return its result
     */
    Map<String, Object> call(String op, Map<String, ?> parameters);

    /** @return the bridge's handshake (Python and SDK versions) */
    Map<String, Object> handshake();

    /** @return how many bridge processes this link started */
    int starts();

    @Override
    void close();
}
