package dev.benchhal.tck;

import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.SlavePower;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link LinInterface} contract. The bus behind the interface must have one slave frame that
 * answers ({@link #respondingFrame()}), one identifier nobody answers ({@link #silentFrameId()})
 * and one frame the master may publish ({@link #publishableFrame()}).
 */
public abstract class LinInterfaceContract extends DeviceContract<LinInterface> {

    /** For driver tests that extend this contract. */
    protected LinInterfaceContract() {
    }

    /**
     * A slave-published frame.
     *
     * @param id     frame identifier
     * @param length data bytes
     */
    public record SlaveFrame(int id, int length) {
    }

    /** @return a frame some slave answers when the master sends its header */
    protected abstract SlaveFrame respondingFrame();

    /**
     * Frames slaves answer, at least two with different identifiers and lengths, so that a reply
     * delivered to the wrong caller is seen. The default is {@link #respondingFrame()} alone, which
     * the concurrency test refuses: override it.
     *
     * @return responding frames
     */
    protected List<SlaveFrame> respondingFrames() {
        return List.of(respondingFrame());
    }

    /** @return an identifier no slave answers */
    protected abstract int silentFrameId();

    /** @return a frame the master may publish without harm */
    protected abstract LinFrame publishableFrame();

    /** @return a generous response timeout for this interface (bridges add latency) */
    protected Duration responseTimeout() {
        return Duration.ofMillis(200);
    }

    @Override
    protected void touch(LinInterface lin) {
        lin.baudRate();
        SlaveFrame f = respondingFrame();
        lin.requestResponse(f.id(), f.length(), LinChecksumType.defaultFor(f.id()), responseTimeout());
    }

    @Test
    void requireAgreesWithCapabilities() {
        for (LinCapability c : LinCapability.values()) {
            if (device.supports(c)) {
                device.require(c);
            } else {
                assertThatThrownBy(() -> device.require(c)).isInstanceOf(UnsupportedFeatureException.class)
                        .hasMessageContaining(c.name());
            }
        }
    }

    @Test
    void requestReturnsTheSlaveResponse() {
        SlaveFrame f = respondingFrame();
        LinFrame r = device.requestResponse(f.id(), f.length(), LinChecksumType.defaultFor(f.id()), responseTimeout());
        assertThat(r.id()).isEqualTo(f.id());
        assertThat(r.length()).isEqualTo(f.length());
        assertThat(r.checksumType()).isEqualTo(LinChecksumType.defaultFor(f.id()));
    }

    @Test
    void silentIdentifierIsNoResponse() {
        int id = silentFrameId();
        assertThatThrownBy(() -> device.requestResponse(id, 2, LinChecksumType.ENHANCED, responseTimeout()))
                .isInstanceOf(LinNoResponseException.class)
                .hasMessageContaining(String.format("0x%02X", id));
    }

    @Test
    void publishingAFrameLeavesTheBusUsable() {
        device.send(publishableFrame());
        SlaveFrame f = respondingFrame();
        assertThat(device.requestResponse(f.id(), f.length(), LinChecksumType.defaultFor(f.id()), responseTimeout()).id())
                .isEqualTo(f.id());
    }

    @Test
    void baudRateStaysWithinTheLinRange() {
        assertThat(device.baudRate()).isBetween(LinProtocol.MIN_BAUD, LinProtocol.MAX_BAUD);
        assertThatThrownBy(() -> device.setBaudRate(50_000)).isInstanceOf(IllegalArgumentException.class);
        if (device.supports(LinCapability.BAUD_RATE_CHANGE)) {
            device.setBaudRate(9600);
            assertThat(device.baudRate()).isEqualTo(9600);
        } else {
            assertThatThrownBy(() -> device.setBaudRate(9600)).isInstanceOf(UnsupportedFeatureException.class);
        }
    }

    @Test
    void passiveListenOnlyWithTheCapability() {
        if (device.supports(LinCapability.PASSIVE_RECEIVE)) {
            // whatever was heard is a whole frame with a valid identifier
            device.listen(Duration.ofMillis(20)).ifPresent(frame -> {
                assertThat(frame.id()).isBetween(0, 0x3F);
                assertThat(frame.length()).isBetween(0, 8);
            });
        } else {
            assertThatThrownBy(() -> device.listen(Duration.ofMillis(20))).isInstanceOf(UnsupportedFeatureException.class);
        }
    }

    @Test
    void wakeUpOnlyWithTheCapability() {
        if (device.supports(LinCapability.WAKE_UP)) {
            device.wakeUp();
            touch(device);
        } else {
            assertThatThrownBy(device::wakeUp).isInstanceOf(UnsupportedFeatureException.class);
        }
    }

    @Test
    void slavePowerSilencesTheSlaves() {
        assertThat(device.slavePower().isPresent()).isEqualTo(device.supports(LinCapability.SLAVE_POWER));
        if (device.slavePower().isEmpty()) {
            return;
        }
        SlavePower power = device.slavePower().get();
        SlaveFrame f = respondingFrame();
        power.powerDown();
        assertThat(power.isPowered()).isFalse();
        assertThatThrownBy(() -> device.requestResponse(f.id(), f.length(), LinChecksumType.defaultFor(f.id()), responseTimeout()))
                .isInstanceOf(LinNoResponseException.class);
        power.powerUp();
        assertThat(power.isPowered()).isTrue();
        assertThat(device.requestResponse(f.id(), f.length(), LinChecksumType.defaultFor(f.id()), responseTimeout()).id())
                .isEqualTo(f.id());
    }

    @Test
    void concurrentRequestsEachGetTheirOwnResponse() throws Exception {
        List<SlaveFrame> frames = respondingFrames();
        assertThat(frames).as("respondingFrames(): two frames with different ids and lengths, so a crossed reply shows")
                .extracting(SlaveFrame::id).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
        assertThat(frames).extracting(SlaveFrame::length).doesNotHaveDuplicates();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LinFrame>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                SlaveFrame f = frames.get(i % frames.size());
                results.add(pool.submit(() -> device.requestResponse(f.id(), f.length(),
                        LinChecksumType.defaultFor(f.id()), responseTimeout())));
            }
            for (int i = 0; i < results.size(); i++) {
                SlaveFrame asked = frames.get(i % frames.size());
                LinFrame frame = results.get(i).get(2, TimeUnit.MINUTES);
                assertThat(frame.id()).as("request %d for 0x%02x got its own reply", i, asked.id()).isEqualTo(asked.id());
                assertThat(frame.length()).as("request %d", i).isEqualTo(asked.length());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
