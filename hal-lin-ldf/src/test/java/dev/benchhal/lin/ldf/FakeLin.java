package dev.benchhal.lin.ldf;

import dev.benchhal.DeviceUri;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.SlavePower;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A LIN master that records what is sent and answers headers from a table; silent ids throw as a
 * driver does. Tests in other packages extend it for the behaviour they script (the diagnostic
 * transport's node on a virtual clock).
 */
public class FakeLin implements LinInterface {

    final List<LinFrame> sent = new ArrayList<>();
    final List<String> requests = new ArrayList<>();
    final Map<Integer, byte[]> responses = new HashMap<>();

    /** A master with no responses set. */
    public FakeLin() {
    }

    @Override
    public DeviceUri uri() {
        return DeviceUri.parse("fake-lin:");
    }

    @Override
    public Set<LinCapability> capabilities() {
        return Set.of();
    }

    @Override
    public int baudRate() {
        return 19200;
    }

    @Override
    public void setBaudRate(int bitsPerSecond) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void send(LinFrame frame) {
        sent.add(frame);
    }

    @Override
    public LinFrame requestResponse(int frameId, int length, LinChecksumType checksum, Duration timeout) {
        requests.add(frameId + "/" + length + "/" + checksum + "/" + timeout.toMillis());
        byte[] data = responses.get(frameId);
        if (data == null) {
            throw new LinNoResponseException("fake-lin:", "no response to " + frameId);
        }
        return new LinFrame(frameId, data, checksum);
    }

    @Override
    public Optional<LinFrame> listen(Duration timeout) {
        return Optional.empty();
    }

    @Override
    public void wakeUp() {
    }

    @Override
    public Optional<SlavePower> slavePower() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
