package dev.benchhal.lin.mock;

import dev.benchhal.lin.LinBusException;
import dev.benchhal.lin.LinChecksumType;
import dev.benchhal.lin.LinNoResponseException;
import dev.benchhal.lin.LinProtocol;
import dev.benchhal.lin.ldf.FrameIO;
import dev.benchhal.lin.ldf.NodeConfigResponse;
import dev.benchhal.lin.ldf.NodeConfiguration;
import dev.benchhal.lin.ldf.ProductId;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigurationResponderTest {

    private final LinMock mock = MockClusters.doorsMock(VirtualClock.autoAdvancing());

    @AfterEach
    void close() {
        mock.close();
    }

    private NodeConfigResponse answer() {
        return NodeConfigResponse.parse(mock.requestResponse(LinProtocol.SLAVE_RESPONSE_ID, 8));
    }

    @Test
    void readByIdentifierAnswersProductIdAndSerialNumber() {
        mock.send(NodeConfiguration.readByIdentifier(0x21, 0, 0x1234, 0x0001));
        NodeConfigResponse r = answer();
        assertThat(r.positive()).isTrue();
        assertThat(r.nad()).isEqualTo(0x21);
        assertThat(r.productId()).isEqualTo(new ProductId(0x1234, 0x0001, 1));
        mock.send(NodeConfiguration.readByIdentifier(0x21, 1, 0x7FFF, 0xFFFF));
        assertThat(answer().serialNumber()).isEqualTo(mock.slave("LeftDoor").serialNumber());
        // an identifier the node has no value for: negative response 0x12
        mock.send(NodeConfiguration.readByIdentifier(0x21, 33, 0x7FFF, 0xFFFF));
        NodeConfigResponse negative = answer();
        assertThat(negative.positive()).isFalse();
        assertThat(negative.errorCode()).isEqualTo(0x12);
        // a supplier that does not match: no response at all
        mock.send(NodeConfiguration.readByIdentifier(0x21, 0, 0x4321, 0xFFFF));
        assertThatThrownBy(() -> mock.requestResponse(0x3D, 8)).isInstanceOf(LinNoResponseException.class);
    }

    @Test
    void broadcastReachesEverySlaveAndTwoAnswersCollide() {
        mock.send(NodeConfiguration.readByIdentifier(0x7F, 0, 0x7FFF, 0xFFFF));
        assertThatThrownBy(() -> mock.requestResponse(0x3D, 8)).isInstanceOf(LinBusException.class)
                .hasMessageContaining("LeftDoor and RightDoor");
        // the function id singles one out
        mock.send(NodeConfiguration.readByIdentifier(0x7F, 0, 0x7FFF, 0x0002));
        assertThat(answer().nad()).isEqualTo(0x22);
    }

    @Test
    void assignNadIsLostOnPowerCycleUnlessSaved() {
        var power = mock.slavePower().orElseThrow();
        mock.send(NodeConfiguration.assignNad(0x22, 0x1234, 0x0002, 0x30));
        NodeConfigResponse assigned = answer();
        assertThat(assigned.sid()).isEqualTo(0xB0);
        assertThat(assigned.nad()).as("AssignNAD answers with the initial NAD").isEqualTo(0x22);
        assertThat(mock.slave("RightDoor").nad()).isEqualTo(0x30);
        power.powerDown();
        power.powerUp();
        assertThat(mock.slave("RightDoor").nad()).isEqualTo(0x22);
        mock.send(NodeConfiguration.assignNad(0x22, 0x7FFF, 0xFFFF, 0x30));
        answer();
        mock.send(NodeConfiguration.saveConfiguration(0x30));
        assertThat(answer().sid()).isEqualTo(0xB6);
        power.powerDown();
        power.powerUp();
        assertThat(mock.slave("RightDoor").nad()).isEqualTo(0x30);
    }

    @Test
    void conditionalChangeNadTestsTheIdentifierByte() {
        // product id byte 3 (function id LSB) is 0x02 for RightDoor, 0x01 for LeftDoor
        mock.send(NodeConfiguration.conditionalChangeNad(0x7F, 0, 3, 0xFF, 0x02, 0x40));
        NodeConfigResponse r = answer();
        assertThat(r.nad()).as("answered with the old NAD").isEqualTo(0x22);
        assertThat(mock.slave("RightDoor").nad()).isEqualTo(0x40);
        assertThat(mock.slave("LeftDoor").nad()).isEqualTo(0x21);
    }

    @Test
    void assignFrameIdRangeMovesAFrameToANewId() {
        FrameIO fio = new FrameIO(mock, mock.ldf());
        mock.slave("LeftDoor").set("LeftPos", 9);
        mock.send(NodeConfiguration.assignFrameIdRange(0x21, 0, LinProtocol.protectedId(0x15), 0xFF, 0xFF, 0xFF));
        assertThat(answer().sid()).isEqualTo(0xB7);
        assertThat(mock.slave("LeftDoor").frameForId(0x15)).contains("LeftStatus");
        assertThat(fio.receiveRaw(0x10, 2, Duration.ofMillis(20))).isEmpty();
        assertThat(mock.requestResponse(0x15, 2, LinChecksumType.ENHANCED, Duration.ofMillis(20)).dataByte(0)).isEqualTo(9);
        // index 4 does not exist: negative; a PID with bad parity: negative
        mock.send(NodeConfiguration.assignFrameIdRange(0x21, 3, 0xFF, 0x15, 0xFF, 0xFF));
        assertThat(answer().positive()).isFalse();
        mock.send(NodeConfiguration.assignFrameIdRange(0x21, 0, 0x15, 0xFF, 0xFF, 0xFF));
        assertThat(answer().errorCode()).isEqualTo(0x12);
    }

    @Test
    void dataDumpWithoutABehaviourIsNotSupported() {
        mock.send(NodeConfiguration.dataDump(0x21, 1, 2, 3, 4, 5));
        NodeConfigResponse r = answer();
        assertThat(r.positive()).isFalse();
        assertThat(r.sid()).isEqualTo(0xB4);
    }

    @Test
    void behavioursAnswerTheServicesNodeConfigurationLeavesOpen() {
        mock.behaviour("LeftDoor", new NodeBehaviour() {
            @Override
            public java.util.Optional<byte[]> onDiagnosticRequest(SimulatedSlave node, byte[] request) {
                return java.util.Optional.of(new byte[] {(byte) node.nad(), 0x02, (byte) 0xF4, request[3], -1, -1, -1, -1});
            }
        });
        mock.send(NodeConfiguration.dataDump(0x21, 7, 0, 0, 0, 0));
        NodeConfigResponse r = answer();
        assertThat(r.positive()).isTrue();
        assertThat(r.data()).containsExactly(7);
    }

    @Test
    void aNewMasterRequestDiscardsAnUnreadResponse() {
        mock.send(NodeConfiguration.readByIdentifier(0x21, 0, 0x7FFF, 0xFFFF));
        mock.send(NodeConfiguration.readByIdentifier(0x21, 0, 0x4321, 0xFFFF));
        assertThatThrownBy(() -> mock.requestResponse(0x3D, 8)).isInstanceOf(LinNoResponseException.class);
    }
}
