package dev.benchhal.lin;

import dev.benchhal.Device;
import dev.benchhal.error.UnsupportedFeatureException;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A LIN bus seen from its master: an adapter (MUM), or a simulator ({@code lin-mock:}).
 *
 * <pre>{@code
 * try (LinInterface lin = drivers.open("lin-mock:?ldf=alm.ldf", LinInterface.class)) {
 *     lin.send(LinFrame.of(0x0A, 0xFF, 0x00, 0x00, 0xFF, 0x00, 0x0A, 0x01, 0x01));
 *     LinFrame status = lin.requestResponse(0x11, 4, LinChecksumType.ENHANCED, Duration.ofMillis(50));
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe: the driver serializes access to the bus, one frame at a time.
 * Calls block for the frame time on the bus (in bench time for simulators).
 *
 * <p>Errors: {@link LinNoResponseException} when no slave answers a header,
 * {@link LinChecksumException} for a response with a wrong checksum, {@link LinBusException}
 * for collisions and bus driver faults, {@link dev.benchhal.error.DisconnectedException} when
 * the adapter is gone or closed, {@link UnsupportedFeatureException} for a capability the
 * adapter lacks.
 */
public interface LinInterface extends Device {

    /** @return what this adapter can do beyond master send and request */
    Set<LinCapability> capabilities();

    /**
     * @param capability a capability
     * @return {@code true} when this adapter has it
     */
    default boolean supports(LinCapability capability) {
        return capabilities().contains(capability);
    }

    /**
     * @param capability a capability the caller needs
     * @throws UnsupportedFeatureException naming the adapter and the capability when it is missing
     */
    default void require(LinCapability capability) {
        if (!supports(capability)) {
            throw new UnsupportedFeatureException(uri().toString(), "this LIN interface cannot " + capability
                    + " (it can: " + capabilities() + ")");
        }
    }

    /** @return the bus baud rate in bits per second */
    int baudRate();

    /**
     * Changes the baud rate.
     *
     * @param bitsPerSecond 1000..20000
     * @throws IllegalArgumentException outside that range
     * @throws UnsupportedFeatureException without {@link LinCapability#BAUD_RATE_CHANGE}
     */
    void setBaudRate(int bitsPerSecond);

    /**
     * Publishes a frame as master: header and response with the frame's checksum model. A frame
     * with the classic checksum on 0x3C goes out as a raw diagnostic frame.
     *
     * @param frame the frame
     */
    void send(LinFrame frame);

    /**
     * Sends the header of {@code frameId} and returns the slave's response.
     *
     * @param frameId  0..0x3F
     * @param length   expected data bytes, 1..8
     * @param checksum the checksum model to check the response against
     * @param timeout  how long to wait for the response; at least the maximum frame time is used
     * @return the response
     * @throws LinNoResponseException when no slave answers, or answers too few bytes
     * @throws LinChecksumException   when the checksum is wrong
     */
    LinFrame requestResponse(int frameId, int length, LinChecksumType checksum, Duration timeout);

    /**
     * {@link #requestResponse(int, int, LinChecksumType, Duration)} with the default checksum of
     * the id and the maximum frame time at the current baud rate as timeout.
     *
     * @param frameId 0..0x3F
     * @param length  expected data bytes, 1..8
     * @return the response
     */
    default LinFrame requestResponse(int frameId, int length) {
        return requestResponse(frameId, length, LinChecksumType.defaultFor(frameId),
                LinProtocol.maximumFrameTime(length, baudRate()));
    }

    /**
     * Waits for the next frame on the bus without sending a header.
     *
     * @param timeout how long to wait
     * @return the next complete frame, or empty on timeout
     * @throws UnsupportedFeatureException without {@link LinCapability#PASSIVE_RECEIVE}
     */
    Optional<LinFrame> listen(Duration timeout);

    /**
     * Sends a wake-up pulse; slaves may need up to 100 ms before they answer headers.
     *
     * @throws UnsupportedFeatureException without {@link LinCapability#WAKE_UP}
     */
    void wakeUp();

    /** Sends the go-to-sleep command: master request 0x3C with data {@code 00 FF FF FF FF FF FF FF}. */
    default void goToSleep() {
        send(LinFrame.of(LinProtocol.MASTER_REQUEST_ID, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
    }

    /** @return the slaves' supply switch, when the adapter has one ({@link LinCapability#SLAVE_POWER}) */
    Optional<SlavePower> slavePower();
}
