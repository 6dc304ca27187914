package dev.benchhal.tck.fakes;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.SlavePower;
import dev.benchhal.util.Hex;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The smallest honest LinInterface: slaves answer from a table, power gating, no timing. */
public final class FakeLinBus implements LinInterface {

    private final Set<LinCapability> caps;
    private final Map<Integer, byte[]> published = new ConcurrentHashMap<>();
    private int baud = LinProtocol.DEFAULT_BAUD;
    private boolean powered = true;
    private volatile boolean closed;

    /**
     * A bus whose slaves publish frame 0x11 (4 bytes) and 0x12 (8 bytes).
     *
     * @param caps the capabilities it reports beyond a master's basics
     */
    public FakeLinBus(Set<LinCapability> caps) {
        this.caps = caps.isEmpty() ? EnumSet.noneOf(LinCapability.class) : EnumSet.copyOf(caps);
        published.put(0x11, new byte[]{1, 2, 3, 4});
        published.put(0x12, new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
    }

    @Override
    public DeviceUri uri() {
        return DeviceUri.parse("fake-lin:");
    }

    @Override
    public Set<LinCapability> capabilities() {
        return Set.copyOf(caps);
    }

    @Override
    public synchronized int baudRate() {
        open();
        return baud;
    }

    @Override
    public synchronized void setBaudRate(int bitsPerSecond) {
        open();
        LinProtocol.requireBaud(bitsPerSecond);
        require(LinCapability.BAUD_RATE_CHANGE);
        baud = bitsPerSecond;
    }

    @Override
    public synchronized void send(LinFrame frame) {
        open();
        if (powered && !frame.isDiagnostic()) {
            published.put(frame.id(), frame.data());
        }
    }

    @Override
    public synchronized LinFrame requestResponse(int frameId, int length, LinChecksumType checksum, Duration timeout) {
        open();
        byte[] data = powered ? published.get(frameId) : null;
        if (data == null || data.length < length) {
            throw new LinNoResponseException(uri().toString(), "no response to header " + Hex.byteLiteral(frameId));
        }
        return new LinFrame(frameId, java.util.Arrays.copyOf(data, length), checksum);
    }

    @Override
    public Optional<LinFrame> listen(Duration timeout) {
        open();
        require(LinCapability.PASSIVE_RECEIVE);
        return Optional.empty();
    }

    @Override
    public void wakeUp() {
        open();
        require(LinCapability.WAKE_UP);
    }

    @Override
    public Optional<SlavePower> slavePower() {
        if (!caps.contains(LinCapability.SLAVE_POWER)) {
            return Optional.empty();
        }
        return Optional.of(new SlavePower() {
            @Override
            public void powerUp() {
                synchronized (FakeLinBus.this) {
                    powered = true;
                }
            }

            @Override
            public void powerDown() {
                synchronized (FakeLinBus.this) {
                    powered = false;
                }
            }

            @Override
            public boolean isPowered() {
                synchronized (FakeLinBus.this) {
                    return powered;
                }
            }

            @Override
            public Duration bootSettle() {
                return Duration.ZERO;
            }
        });
    }

    private void open() {
        if (closed) {
            throw new DisconnectedException(uri().toString(), "closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
