package dev.benchhal.lin.mock;

import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.core.time.VirtualClock;

/** Small clusters for the simulator's tests. */
final class MockClusters {

    private MockClusters() {
    }

    /** Two window-lift slaves with an event-triggered frame, a sporadic frame and a LIN 2.0 node. */
    static final String DOORS = String.join("\n",
            "LIN_description_file;",
            "LIN_protocol_version = \"2.1\";",
            "LIN_language_version = \"2.1\";",
            "LIN_speed = 19.2 kbps;",
            "Nodes { Master: BCM, 5 ms, 0.1 ms; Slaves: LeftDoor, RightDoor; }",
            "Signals {",
            "  LeftPos: 8, 0, LeftDoor, BCM, RightDoor;",
            "  RightPos: 8, 0, RightDoor, BCM;",
            "  LeftEvtPid: 8, 0, LeftDoor, BCM;",
            "  RightEvtPid: 8, 0, RightDoor, BCM;",
            "  LeftSwitch: 2, 0, LeftDoor, BCM;",
            "  RightSwitch: 2, 0, RightDoor, BCM;",
            "  LiftCmd: 2, 0, BCM, LeftDoor, RightDoor;",
            "  Lock: 1, 0, BCM, LeftDoor, RightDoor;",
            "}",
            "Frames {",
            "  LeftStatus: 0x10, LeftDoor, 2 { LeftPos, 0; }",
            "  RightStatus: 0x11, RightDoor, 2 { RightPos, 0; }",
            "  LeftEvent: 0x12, LeftDoor, 2 { LeftEvtPid, 0; LeftSwitch, 8; }",
            "  RightEvent: 0x13, RightDoor, 2 { RightEvtPid, 0; RightSwitch, 8; }",
            "  LiftRequest: 0x20, BCM, 1 { LiftCmd, 0; }",
            "  LockRequest: 0x21, BCM, 1 { Lock, 0; }",
            "}",
            "Sporadic_frames { Requests: LockRequest, LiftRequest; }",
            "Event_triggered_frames { Switches: Resolve, 0x3A, LeftEvent, RightEvent; }",
            "Node_attributes {",
            "  LeftDoor { LIN_protocol = \"2.1\"; configured_NAD = 0x21; initial_NAD = 0x21; product_id = 0x1234, 0x0001, 1;",
            "    configurable_frames { LeftStatus; LeftEvent; LiftRequest; LockRequest; } }",
            "  RightDoor { LIN_protocol = \"2.1\"; configured_NAD = 0x22; product_id = 0x1234, 0x0002, 1;",
            "    configurable_frames { RightStatus; RightEvent; LiftRequest; LockRequest; } }",
            "}",
            "Schedule_tables {",
            "  Normal { LeftStatus delay 10 ms; RightStatus delay 10 ms; Switches delay 10 ms; Requests delay 10 ms; }",
            "  Resolve { LeftEvent delay 10 ms; RightEvent delay 10 ms; }",
            "  Config { AssignNAD { RightDoor } delay 20 ms; SlaveResp delay 20 ms; }",
            "}",
            "Signal_encoding_types { SwitchEnc { logical_value, 0, \"idle\"; logical_value, 1, \"up\"; logical_value, 2, \"down\"; } }",
            "Signal_representation { SwitchEnc: LeftSwitch, RightSwitch; }",
            "");

    static LdfDatabase doors() {
        return LdfDatabase.parse(DOORS, "doors.ldf");
    }

    static LinMock doorsMock(VirtualClock clock) {
        return LinMock.builder(doors()).clock(clock).build();
    }

    static LdfDatabase alm() {
        return LdfDatabase.parse(new String(LinMockProvider.builtinAlm(), java.nio.charset.StandardCharsets.UTF_8), "alm.ldf");
    }
}
