package dev.benchhal.lin.ldf;

import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigurationTest {

    private static String hex(LinFrame frame) {
        return LdfCorpusDifferentialTest.hex(frame.data());
    }

    @Test
    void buildsTheMasterRequestsOfTheLinSpecification() {
        LinFrame broadcast = NodeConfiguration.readByIdentifier(0x7F, 0, 0x7FFF, 0xFFFF);
        assertThat(hex(broadcast)).isEqualTo("7f06b200ff7fffff");
        assertThat(broadcast.id()).isEqualTo(0x3C);
        assertThat(broadcast.checksumType()).isEqualTo(LinChecksumType.CLASSIC);
        assertThat(broadcast.checksum()).isEqualTo(0x48);
        assertThat(hex(NodeConfiguration.assignNad(0x01, 0x4A4F, 0x4841, 0x21))).isEqualTo("0106b04f4a414821");
        assertThat(hex(NodeConfiguration.saveConfiguration(0x21))).isEqualTo("2101b6ffffffffff");
        assertThat(hex(NodeConfiguration.conditionalChangeNad(0x7F, 1, 3, 0xFF, 0, 0x0C))).isEqualTo("7f06b30103ff000c");
        assertThat(hex(NodeConfiguration.dataDump(0x0A, 1, 2, 3, 4, 5))).isEqualTo("0a06b40102030405");
        assertThat(hex(NodeConfiguration.assignFrameIdRange(0x0B, 0, 0xE2, 0xA3, 0xFF, 0xFF))).isEqualTo("0b06b700e2a3ffff");
        assertThat(hex(NodeConfiguration.assignFrameId(0x0A, 0x1234, 0x1001, 0x61))).isEqualTo("0a06b13412011061");
        assertThat(hex(NodeConfiguration.goToSleep())).isEqualTo("00ffffffffffffff");
        assertThat(NodeConfiguration.goToSleep().checksum()).isEqualTo(0x00);
    }

    @Test
    void turnsScheduleCommandsIntoMasterRequests() {
        LdfDatabase ldf = TestLdf.load("all-features.ldf");
        var config = ldf.scheduleTable("Config").orElseThrow().entries();
        // AssignNAD { MIRROR }: initial 0x7E, supplier 0x1234, function 0x9ABC, configured 0x0B
        assertThat(hex(NodeConfiguration.masterRequest(config.get(0).command(), ldf))).isEqualTo("7e06b03412bc9a0b");
        // AssignFrameIdRange { SEAT, 0 }: PIDs of SeatStatus (0x20), SeatCmd (0x21), SeatInfo (0x30), then don't care
        assertThat(hex(NodeConfiguration.masterRequest(config.get(4).command(), ldf))).isEqualTo("0a06b7002061f0ff");
        // AssignFrameId { SEAT, SeatCmd }: message id 0x1001, PID of 0x21
        assertThat(hex(NodeConfiguration.masterRequest(config.get(6).command(), ldf))).isEqualTo("0a06b13412011061");
        // UnassignFrameId { MIRROR, MirrorCmd }: PID 0x40
        assertThat(hex(NodeConfiguration.masterRequest(config.get(7).command(), ldf))).isEqualTo("0b06b13412002040");
        assertThat(hex(NodeConfiguration.masterRequest(config.get(8).command(), ldf))).isEqualTo("7f06b200ff7fffff");
        assertThatThrownBy(() -> NodeConfiguration.masterRequest(config.get(9).command(), ldf))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MasterReq");
    }

    @Test
    void decodesPositiveAndNegativeResponses() {
        NodeConfigResponse product = NodeConfigResponse.parse(LinFrame.of(0x3D, 0x21, 0x06, 0xF2, 0x4F, 0x4A, 0x41, 0x48, 0x01));
        assertThat(product.positive()).isTrue();
        assertThat(product.sid()).isEqualTo(0xB2);
        assertThat(product.productId()).isEqualTo(new ProductId(0x4A4F, 0x4841, 1));
        NodeConfigResponse serial = NodeConfigResponse.parse(LinFrame.of(0x3D, 0x21, 0x05, 0xF2, 0x78, 0x56, 0x34, 0x12, 0xFF));
        assertThat(serial.serialNumber()).isEqualTo(0x12345678L);
        NodeConfigResponse negative = NodeConfigResponse.parse(LinFrame.of(0x3D, 0x21, 0x03, 0x7F, 0xB2, 0x12, 0xFF, 0xFF, 0xFF));
        assertThat(negative.positive()).isFalse();
        assertThat(negative.sid()).isEqualTo(0xB2);
        assertThat(negative.errorCode()).isEqualTo(0x12);
        assertThat(negative.toString()).contains("negative SID 0xB2 error 0x12");
        assertThatThrownBy(negative::productId).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> NodeConfigResponse.parse(new byte[] {0x21, 0x10, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("single-frame PCI");
    }

    @Test
    void rejectsOutOfRangeArguments() {
        assertThatThrownBy(() -> NodeConfiguration.assignNad(0x100, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAD must be 0..255, not 256");
        assertThatThrownBy(() -> NodeConfiguration.readByIdentifier(1, 0, 0x10000, 0))
                .hasMessageContaining("supplier id must be 0..0xFFFF");
        assertThatThrownBy(() -> NodeConfiguration.dataDump(1, 1, 2)).hasMessageContaining("5 data bytes");
        assertThatThrownBy(() -> NodeConfiguration.conditionalChangeNad(1, 0, 6, 0, 0, 2)).hasMessageContaining("1..5");
    }
}
