package dev.benchhal.lin.ldf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class LdfParserTest {

    private static final String MINIMAL = "LIN_description_file;\nLIN_protocol_version = \"2.1\";\n"
            + "LIN_language_version = \"2.1\";\nLIN_speed = 19.2 kbps;\n"
            + "Nodes { Master: M, 5 ms, 0.1 ms; Slaves: S; }\n";

    private static LdfParseException parseError(String text) {
        Throwable thrown = null;
        try {
            LdfDatabase.parse(text, "test.ldf");
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).isInstanceOf(LdfParseException.class);
        return (LdfParseException) thrown;
    }

    @Test
    void readsTheAlmClusterCompletely() {
        LdfDatabase ldf = TestLdf.alm();
        assertThat(ldf.header().speedBitsPerSecond()).isEqualTo(19200);
        assertThat(ldf.header().channelName()).isEqualTo("ALM");
        assertThat(ldf.master().timeBase()).isEqualTo(Duration.ofMillis(10));
        assertThat(ldf.master().jitter()).isEqualTo(Duration.ofNanos(100_000));
        LdfFrame status = ldf.requireFrame("ALM_Status");
        assertThat(status.id()).isEqualTo(0x11);
        assertThat(status.length()).isEqualTo(4);
        assertThat(ldf.frameById(0x12)).map(LdfFrame::name).contains("PWM_Frame");
        assertThat(ldf.requireSignal("ALMNadNo").initValue()).isEqualTo(0x10);
        assertThat(ldf.encodingOf("ALMLEDState").map(EncodingType::name)).contains("LED_State");
        NodeAttributes node = ldf.nodeAttributes("ALM_Node").orElseThrow();
        assertThat(node.productId()).isEqualTo(new ProductId(0x13, 0x0A1D, 1));
        assertThat(node.configurableFrames()).extracting(ConfigurableFrame::frame).startsWith("ALM_Req_A", "ALM_Status");
        assertThat(ldf.scheduleTable("ALM_Normal").orElseThrow().cycle()).isEqualTo(Duration.ofMillis(50));
        assertThat(ldf.diagnosticFrames()).extracting(DiagnosticFrame::id).containsExactly(0x3C, 0x3D);
        assertThat(ldf.comments()).first().asString().startsWith("Ambient light module");
    }

    @Test
    void readsEveryConstructOfTheLanguage() {
        LdfDatabase ldf = TestLdf.load("all-features.ldf");
        assertThat(ldf.header().speedBitsPerSecond()).isEqualTo(10417);
        assertThat(ldf.header().channelName()).isEqualTo("Body \"front\"");
        assertThat(ldf.compositions()).hasSize(2);
        assertThat(ldf.compositions().get(0).composites().get(0))
                .isEqualTo(new CompositeNode("MIRROR", List.of("LOGIC1", "LOGIC2")));
        assertThat(ldf.dynamicFrameIds()).containsExactly(0x38, 0x39);
        assertThat(ldf.sporadicFrames().get(0).frames()).containsExactly("SeatCmd", "MirrorCmd");
        assertThat(ldf.eventTriggeredFrames().get(0).collisionResolvingTable()).isNull();
        assertThat(ldf.requireFrame("SeatStatus").declaredLength()).isNull();
        assertThat(ldf.requireFrame("SeatStatus").length()).isEqualTo(4);
        assertThat(ldf.requireFrame("SeatInfo").length()).isEqualTo(8);
        assertThat(ldf.requireSignal("PartNumber").initBytes()).containsExactly(0x31, 0x32, 0x33, 0x34);
        NodeAttributes mirror = ldf.nodeAttributes("MIRROR").orElseThrow();
        assertThat(mirror.initialNad()).isEqualTo(0x7E);
        assertThat(mirror.hasMessageIds()).isTrue();
        assertThat(mirror.p2Min()).isEqualTo(Duration.ofMillis(50));
        assertThat(ldf.nodeAttributes("SEAT").orElseThrow().initialNad()).isEqualTo(0x0A);
        assertThat(ldf.signalGroups().get(0).signals()).extracting(PlacedSignal::signal).containsExactly("SeatPos", "SeatError");
        List<ScheduleEntry> config = ldf.scheduleTable("Config").orElseThrow().entries();
        assertThat(config).extracting(e -> e.command().keyword()).containsExactly("AssignNAD", "ConditionalChangeNAD",
                "DataDump", "SaveConfiguration", "AssignFrameIdRange", "AssignFrameIdRange", "AssignFrameId",
                "UnassignFrameId", "FreeFormat", "MasterReq", "SlaveResp");
        assertThat(config.get(1).command()).isEqualTo(new ScheduleCommand.ConditionalChangeNad(0x7F, 1, 3, 0xFF, 0, 0x0C));
        assertThat(ldf.scheduleTable("Normal").orElseThrow().entries().get(3).delay()).isEqualTo(Duration.ofNanos(12_500_000));
        assertThat(ldf.encodingType("Angle").orElseThrow().converters()).hasSize(3);
    }

    @Test
    void appliesTheJ2602Defaults() {
        LdfDatabase ldf = TestLdf.load("reference/ldfparser__j2602_1.ldf");
        assertThat(ldf.master().maxHeaderLengthBits()).isEqualTo(24);
        assertThat(ldf.master().responseTolerance()).isEqualTo(0.3);
        String noValues = TestLdf.text("reference/ldfparser__j2602_1.ldf").replace(", 24 bits, 30 %", "");
        LdfDatabase defaults = LdfDatabase.parse(noValues, "j2602.ldf");
        assertThat(defaults.master().maxHeaderLengthBits()).isEqualTo(48);
        assertThat(defaults.master().responseTolerance()).isEqualTo(0.4);
    }

    @Test
    void givesLin13SlavesTheirDiagnosticAddresses() {
        LdfDatabase ldf = TestLdf.load("reference/ldfparser__lin13.ldf");
        assertThat(ldf.diagnosticAddresses()).containsEntry("LSM", 1).containsEntry("CPM", 2);
        NodeAttributes cpm = ldf.nodeAttributes("CPM").orElseThrow();
        assertThat(cpm.declared()).isFalse();
        assertThat(cpm.configuredNad()).isEqualTo(2);
        assertThat(cpm.linProtocol()).isEqualTo("1.3");
        assertThat(ldf.requireFrame("VL1_CEM_Frm2").length()).isEqualTo(8);
    }

    @Test
    void readsUtf8WithAndWithoutByteOrderMarkAndLatin1() {
        String text = MINIMAL.replace("Nodes", "Channel_name = \"Kühlung\";\nNodes") + "Signals { A: 8, 0, S, M; }\n"
                + "Frames { F: 1, S, 1 { A, 0; } }\nNode_attributes { S { LIN_protocol = \"2.1\"; configured_NAD = 1; } }\n"
                + "Schedule_tables { T { F delay 10 ms; } }\n";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] bytes : List.of(utf8, bom, latin1)) {
            assertThat(LdfParser.strict().parse(bytes, "k.ldf").header().channelName()).isEqualTo("Kühlung");
        }
    }

    @Test
    void syntaxErrorsNameFileLineColumnExpectedAndFound() {
        LdfParseException e = parseError(MINIMAL + "Signals {\n  A: 8, 0, S, M\n}\n");
        assertThat(e.file()).contains("test.ldf");
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.found()).isEqualTo("'}'");
        assertThat(e.getMessage()).isEqualTo("test.ldf line 8 column 1: expected ';' after the definition of signal A, "
                + "found '}'");
    }

    @Test
    void signedHexadecimalNumbersAreNumbersWhereverNumbersGo() {
        String text = MINIMAL.replace("19.2 kbps", "0x13 kbps").replace("5 ms, 0.1 ms", "0x5 ms, +0x0 ms")
                + "Signals { A: 8, 0, S, M; }\nFrames { F: 1, S, 1 { A, 0; } }\n"
                + "Signal_encoding_types { E { physical_value, 0, 255, -0x1, -0x10, \"x\"; } }\n"
                + "Signal_representation { E: A; }\n";
        LdfDatabase ldf = LdfDatabase.parse(text, "test.ldf");
        assertThat(ldf.header().speedBitsPerSecond()).isEqualTo(19000);
        ValueConverter.PhysicalRange range = (ValueConverter.PhysicalRange) ldf.encodingType("E").orElseThrow().converters().get(0);
        assertThat(range.scale()).isEqualTo(-1.0);
        assertThat(range.offset()).isEqualTo(-16.0);
        for (String bad : List.of("-0x", "0x-1", "-0xFFFFFFFFFFFFFFFFF")) {
            Throwable thrown = catchThrowable(() -> LdfDatabase.parse(text.replace("-0x10", bad), "test.ldf"));
            assertThat(thrown).as(bad).isInstanceOf(LdfParseException.class);
        }
    }

    @Test
    void numbersOutOfTheirFieldsRangeAreErrorsAtTheirPositionNeverTruncated() {
        String base = MINIMAL + "Signals { A: 8, 0, S, M; }\n";
        LdfParseException id = parseError(base + "Frames { F: 4294967312, S, 1 { A, 0; } }");
        assertThat(id.getMessage()).contains("the id of frame F must be 0..255, not 4294967312");
        assertThat(id.line()).isEqualTo(7);
        assertThat(id.column()).isEqualTo(13);
        LdfParseException width = parseError(MINIMAL + "Signals { A: 4294967304, 0, S, M; }\n");
        assertThat(width.getMessage()).contains("signal A has size 4294967304 bits");
        assertThat(width.column()).as("the column of the size").isEqualTo(14);
        assertThat(parseError(MINIMAL + "Signals { A: 65, 0, S, M; }\n").column()).isEqualTo(14);
        assertThat(parseError(base + "Frames { F: 1, S, 1 { A, 0; } }\nSignal_groups { G: 72 { A, 0; } }").getMessage())
                .contains("the size of signal group G in bits must be 1..64, not 72");
        assertThat(parseError(base + "Frames { F: 1, S, 0x10000000000000000 { A, 0; } }").getMessage())
                .contains("fits in 64 bits");
        assertThat(parseError(base + "Frames { F: 1, S, 0x8000000000000000 { A, 0; } }").getMessage())
                .contains("fits in 64 bits");
        assertThat(parseError(base + "Frames { F: 1, S, 1 { A, 0; } }\nNode_attributes { S { LIN_protocol = \"2.1\"; "
                + "configured_NAD = 0x1FF; } }").getMessage()).contains("the configured NAD of node S must be 0..255, not 0x1FF");
    }

    @Test
    void onlyVersionsTheSpecificationsDefineAreAccepted() {
        assertThat(parseError(MINIMAL.replace("LIN_protocol_version = \"2.1\"", "LIN_protocol_version = \"banana\""))
                .getMessage()).contains("LIN_protocol_version \"banana\" is not a version");
        List<LdfWarning> warnings = new ArrayList<>();
        LdfDatabase lenient = LdfParser.lenient().onWarning(warnings::add)
                .parse(MINIMAL.replace("LIN_language_version = \"2.1\"", "LIN_language_version = \"7.7\""), "test.ldf");
        assertThat(lenient.header().languageVersion()).isEqualTo("7.7");
        assertThat(warnings).extracting(LdfWarning::message).anyMatch(m -> m.contains("\"7.7\" is not a version"));
        for (String ok : List.of("1.3", "2.0", "2.2A", "J2602_1_1.0", "ISO17987:2015")) {
            LdfDatabase.parse(MINIMAL.replace("\"2.1\"", "\"" + ok + "\""), "test.ldf");
        }
    }

    @Test
    void rejectsWhatTheSpecificationDoesNotAllow() {
        String base = MINIMAL + "Signals { A: 8, 0, S, M; B: 4, 0, S, M; }\n";
        assertThat(parseError(base + "Frames { F: 1, S, 1 { A, 0; B, 4; } }").getMessage())
                .contains("signal B (bits 4..7) overlaps A at bit 4 in frame F");
        assertThat(parseError(base + "Frames { F: 1, S, 1 { B, 6; } }").getMessage())
                .contains("signal B (bits 6..9) ends past the 1-byte frame F");
        assertThat(parseError(base + "Frames { F: 1, S, 2 { C, 0; } }").getMessage())
                .contains("frame F uses signal C, which is not declared in Signals");
        assertThat(parseError(base.replace("B: 4", "A: 4")).getMessage()).contains("signal A is defined twice");
        assertThat(parseError(base + "Frames { F: 1, S, 1 { A, 0; } G: 2, S, 1 { B, 0; } F: 3, S, 1 { B, 0; } }")
                .getMessage()).contains("frame name F is used twice");
        assertThat(parseError(base + "Frames { F: 0x3C, S, 1 { A, 0; } }").getMessage()).contains("ids 0x00..0x3B");
        assertThat(parseError(base.replace("A: 8, 0", "A: 8, 256")).getMessage())
                .contains("init value 256 of signal A does not fit in 8 bits");
        assertThat(parseError(base + "Frames { F: 1, S, 1 { } }").getMessage()).contains("the signal list is empty");
        assertThat(parseError(base + "Signal_representation { Enc: A; }").getMessage())
                .contains("encoding type Enc, which is not declared");
        assertThat(parseError(base + "Frames { F: 1, S, 1 { A, 0; } }\nSchedule_tables { T { G delay 5 ms; } }")
                .getMessage()).contains("schedule table T uses frame G, which is not declared");
        assertThat(parseError(MINIMAL.replace("LIN_speed = 19.2 kbps;\n", "")).getMessage()).contains("no LIN_speed");
        assertThat(parseError(MINIMAL + "Signals { A: 8, 0, S, M; } /* open").getMessage()).contains("\"*/\"");
        assertThat(parseError(MINIMAL + "Bogus { }").getMessage()).contains("expected a section keyword");
        assertThat(parseError(MINIMAL + "Signals { 1A: 8, 0, S, M; }").getMessage())
                .contains("names start with a letter").contains("\"1A\"");
    }

    @Test
    void lenientParserAcceptsCommonDeviationsWithAWarningEach() {
        String text = "LIN_description_file;\nLIN_protocol_version = \"2.1\";\nLIN_language_version = \"2.1\";\n"
                + "LIN_speed = 19.2kbps;\nNodes { Master: M; Slaves: S; }\n"
                + "Signals { A: 8, 0, S, M; A: 4, 0, S, M; }\n"
                + "Frames { Empty: 1, S, 1 { } F: 2, S, 1 { A, 0; } }\n"
                + "Node_attributes { S { configured_NAD = 1; vendor_magic = 42; } }\n"
                + "Schedule_tables { T { F delay 10ms; } }\n"
                + "Signal_encoding_types { 1Bit { logical_value, 0, \"off\"; } }\n"
                + "Signal_representation { 1Bit: A; }\n";
        List<LdfWarning> warnings = new ArrayList<>();
        LdfDatabase ldf = LdfParser.lenient().onWarning(warnings::add).parse(text, "legacy.ldf");
        assertThat(ldf.master().timeBase()).isZero();
        assertThat(ldf.requireSignal("A").width()).isEqualTo(4);
        assertThat(ldf.requireFrame("Empty").signals()).isEmpty();
        assertThat(ldf.encodingOf("A").map(EncodingType::name)).contains("1Bit");
        assertThat(warnings).extracting(LdfWarning::message).anySatisfy(m -> assertThat(m).contains("no time base"))
                .anySatisfy(m -> assertThat(m).contains("defined twice"))
                .anySatisfy(m -> assertThat(m).contains("has no signals"))
                .anySatisfy(m -> assertThat(m).contains("vendor_magic"))
                .anySatisfy(m -> assertThat(m).contains("starts with a digit"));
        assertThat(ldf.warnings()).isEqualTo(warnings);
        assertThat(warnings.get(0).toString()).startsWith("legacy.ldf line ");
    }

    @Test
    void lenientParserStillRejectsBrokenFiles() {
        byte[] example13 = TestLdf.bytes("reference/lintools__example_13.ldf");
        assertThatThrownBy(() -> LdfParser.lenient().onWarning(w -> { }).parse(example13, "example_13.ldf"))
                .isInstanceOf(LdfParseException.class)
                .hasMessageContaining("LSMSWPartNo (bits 40..47) ends past the 5-byte frame VL1_LSM_Frm2");
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThatThrownBy(() -> LdfDatabase.load(Path.of("no/such/file.ldf")))
                .isInstanceOf(dev.benchhal.error.NotFoundException.class).hasMessageContaining("no/such/file.ldf");
    }

    @Test
    void equalityIsContentNotOrigin() {
        LdfDatabase a = LdfDatabase.parse(TestLdf.text("alm.ldf"), "a.ldf");
        LdfDatabase b = LdfDatabase.parse("// another comment\n" + TestLdf.text("alm.ldf"), "b.ldf");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        LdfDatabase c = LdfDatabase.parse(TestLdf.text("alm.ldf").replace("ALMNadNo: 8, 0x10", "ALMNadNo: 8, 0x11"), "c");
        assertThat(a).isNotEqualTo(c);
    }
}
