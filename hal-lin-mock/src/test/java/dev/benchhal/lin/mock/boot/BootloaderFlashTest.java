package dev.benchhal.lin.mock.boot;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.LinFrame;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.diag.DiagnosticTransport;
import dev.benchhal.lin.ldf.diag.NegativeResponseException;
import dev.benchhal.lin.ldf.diag.TransportFrames;
import dev.benchhal.lin.ldf.flash.IntelHex;
import dev.benchhal.lin.ldf.flash.LinFlasher;
import dev.benchhal.lin.mock.LinFault;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.lin.mock.LinMockProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flashing step end to end on the simulated bench: Intel HEX image, LinFlasher, the master's
 * transport layer, lin-mock's slave transport layer and the bootloader model, in virtual time;
 * then every way it can fail, each with an error that names where.
 */
class BootloaderFlashTest {

    private final LinMock mock = LinMockProvider.create(
            DeviceSpec.of("lin-mock:?ldf=builtin:alm&models=ALM_Node:alm%2Bbootloader&time=virtual"), DriverContext.standalone());
    private final BootloaderNode bootloader = mock.slave("ALM_Node").behaviour(BootloaderNode.class).orElseThrow();
    private final LdfDatabase ldf = mock.ldf();
    private final DiagnosticTransport alm = DiagnosticTransport.to(mock, ldf.nodeAttributes().get(0));

    @AfterEach
    void close() {
        mock.close();
    }

    @Test
    void anImageWithTwoSegmentsIsWrittenCheckedAndStarted() {
        byte[] code = random(8000, 1);
        byte[] table = random(200, 2);
        IntelHex image = IntelHex.parse(hex(0x8000, code) + hex(0x20000, table) + ":00000001FF\n", "app.hex");

        LinFlasher.Result result = LinFlasher.over(alm).flash(image);

        assertThat(bootloader.memory(0x8000, code.length)).isEqualTo(code);
        assertThat(bootloader.memory(0x20000, table.length)).isEqualTo(table);
        assertThat(bootloader.memory(0x8000 + code.length, 16)).as("nothing written past the segment")
                .containsOnly((byte) 0xFF);
        assertThat(bootloader.verifiedRanges()).containsExactly(new long[] {0x8000, 8000}, new long[] {0x20000, 200});
        assertThat(bootloader.resets()).isEqualTo(1);
        assertThat(bootloader.programmingSession()).isFalse();
        // 128 data bytes a block: 63 blocks for the code, 2 for the table
        assertThat(result).isEqualTo(new LinFlasher.Result(2, 8200, 65, result.took()));
        // erasing 8 KiB at 10 ms per KiB outlasts P2_min (50 ms): "response pending" meanwhile
        assertThat(result.took()).isGreaterThan(Duration.ofMillis(80));
        assertThat(mock.trace().entries()).anySatisfy(e -> assertThat(e.data()).startsWith(0x10, 0x03, 0x7F, 0x34, 0x78));
    }

    @Test
    void theAlmKeepsWorkingBesideItsBootloader() {
        byte[] status = mock.requestResponse(ldf.frame("ALM_Status").orElseThrow().id(), 4).data();
        assertThat(status).hasSize(4);
        // and the node's configuration services are still the simulator's
        mock.send(dev.benchhal.lin.ldf.NodeConfiguration.readByIdentifier(0x10, 0, 0x7FFF, 0xFFFF));
        assertThat(mock.requestResponse(0x3D, 8).data()).startsWith((byte) 0x10, (byte) 0x06, (byte) 0xF2);
    }

    @Test
    void aSegmentOutsideTheFlashIsRefusedNamingIt() {
        IntelHex image = IntelHex.parse(hex(0x0100, random(64, 3)) + ":00000001FF\n", "boot-area.hex");
        assertThatThrownBy(() -> LinFlasher.over(alm).flash(image)).isInstanceOf(NegativeResponseException.class)
                .hasMessageContaining("ALM_Node (NAD 0x10)")
                .hasMessageContaining("service 0x34 refused: 0x31 requestOutOfRange")
                .hasMessageContaining("request download of segment 0x00000100..0x0000013F (64 bytes)");
        assertThat(bootloader.resets()).isZero();
    }

    @Test
    void whatTheNodeWroteWrongIsFoundByTheChecksum() {
        bootloader.corruptNextBlock();
        IntelHex image = IntelHex.parse(hex(0x9000, random(500, 4)) + ":00000001FF\n", "app.hex");
        assertThatThrownBy(() -> LinFlasher.over(alm).flash(image)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("the node's CRC-32 of segment 0x00009000..0x000091F3 (500 bytes) is 0x")
                .hasMessageContaining("what it wrote is not the image");
        assertThat(bootloader.verifiedRanges()).isEmpty();
        assertThat(bootloader.resets()).as("a node whose image did not check is not started").isZero();
    }

    @Test
    void aNodeThatStopsAnsweringTimesOutNamingTheStep() {
        IntelHex image = IntelHex.parse(hex(0x8000, random(100, 5)) + ":00000001FF\n", "app.hex");
        bootloader.stopAnswering();
        // the simulator then answers the node's own NAD with "service not supported"; with it gone quiet entirely:
        mock.faults().always(0x3D, LinFault.NO_RESPONSE);
        assertThatThrownBy(() -> LinFlasher.over(alm).flash(image)).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("response timeout: no response to service 0x10 within 1.05 s");
    }

    @Test
    void aServiceTheNodeLacksIsRefusedAsNotSupported() {
        assertThatThrownBy(() -> alm.request(0x27, 0x01)).isInstanceOf(NegativeResponseException.class)
                .hasMessageContaining("service 0x27 refused: 0x11 serviceNotSupported");
    }

    @Test
    void stepsOutOfOrderAreRefusedByTheBootloader() {
        assertThatThrownBy(() -> alm.request(0x34, 0x00, 0x44, 0, 0, 0x80, 0, 0, 0, 0, 0x10))
                .hasMessageContaining("0x7F serviceNotSupportedInActiveSession");
        alm.request(0x10, 0x02);
        assertThatThrownBy(() -> alm.request(0x36, 0x01, 0xAA)).hasMessageContaining("0x24 requestSequenceError");
        alm.request(0x34, 0x00, 0x44, 0, 0, 0x80, 0, 0, 0, 0, 0x10);
        assertThatThrownBy(() -> alm.request(0x36, 0x02, 0xAA)).hasMessageContaining("0x73 wrongBlockSequenceCounter");
        assertThat(alm.request(0x36, 0x01, 0xAA, 0xBB)).containsExactly(0x76, 0x01);
        assertThat(alm.request(0x36, 0x01, 0xAA, 0xBB)).as("a repeated block is acknowledged again")
                .containsExactly(0x76, 0x01);
        assertThatThrownBy(() -> alm.request(0x37)).as("14 of 16 announced bytes are missing: a gap")
                .hasMessageContaining("0x24 requestSequenceError");
        assertThat(bootloader.memory(0x8000, 3)).containsExactly(0xAA, 0xBB, 0xFF);
    }

    @Test
    void theSlaveDropsASegmentedRequestWhoseFramesComeLaterThanItsNCr() {
        byte[] request = new byte[11];
        request[0] = 0x34;
        List<byte[]> frames = TransportFrames.segment(0x10, request);
        mock.send(LinFrame.of(0x3C, frames.get(0)));
        mock.clock().sleep(Duration.ofMillis(1100)); // N_Cr of ALM_Node: 1000 ms
        mock.send(LinFrame.of(0x3C, frames.get(1)));
        assertThatThrownBy(() -> mock.requestResponse(0x3D, 8)).isInstanceOf(LinNoResponseException.class);
        // in time, the same request is served (refused: the default session)
        mock.send(LinFrame.of(0x3C, frames.get(0)));
        mock.send(LinFrame.of(0x3C, frames.get(1)));
        assertThat(mock.requestResponse(0x3D, 8).data()).containsExactly(0x10, 0x03, 0x7F, 0x34, 0x7F, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void anUnknownModelNamesTheInstalledOnes() {
        assertThatThrownBy(() -> LinMockProvider.create(DeviceSpec.of("lin-mock:?ldf=builtin:alm&models=ALM_Node:alm%2Bboot"),
                DriverContext.standalone())).hasMessageContaining("unknown model \"boot\" for node ALM_Node; installed models: [alm, bootloader]");
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Intel HEX records for the bytes at the address: an extended linear address, then 16-byte data records. */
    static String hex(long address, byte[] data) {
        StringBuilder out = new StringBuilder();
        long upper = -1;
        for (int at = 0; at < data.length; at += 16) {
            long a = address + at;
            if (a >>> 16 != upper) {
                upper = a >>> 16;
                out.append(record(0, 4, new byte[] {(byte) (upper >>> 8), (byte) upper}));
            }
            byte[] chunk = java.util.Arrays.copyOfRange(data, at, Math.min(at + 16, data.length));
            out.append(record((int) (a & 0xFFFF), 0, chunk));
        }
        return out.toString();
    }

    private static String record(int offset, int type, byte[] data) {
        int sum = data.length + (offset >>> 8) + (offset & 0xFF) + type;
        StringBuilder r = new StringBuilder(String.format(Locale.ROOT, ":%02X%04X%02X", data.length, offset, type));
        for (byte b : data) {
            r.append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            sum += b & 0xFF;
        }
        return r.append(String.format(Locale.ROOT, "%02X%n", (-sum) & 0xFF)).toString();
    }
}
