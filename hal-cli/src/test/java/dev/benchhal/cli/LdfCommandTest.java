package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LdfCommandTest {

    private static final String LDF = String.join("\n",
            "LIN_description_file;",
            "LIN_protocol_version = \"2.1\";",
            "LIN_language_version = \"2.1\";",
            "LIN_speed = 19.2 kbps;",
            "Nodes { Master: BCM, 10 ms, 0.1 ms; Slaves: ALM; }",
            "Signals {",
            "  Red: 8, 0, BCM, ALM;",
            "  Mode: 2, 0, BCM, ALM;",
            "  State: 2, 0, ALM, BCM;",
            "  Temp: 8, 0xFF, ALM, BCM;",
            "}",
            "Frames {",
            "  Req: 0x0A, BCM, 2 { Red, 0; Mode, 8; }",
            "  Status: 0x11, ALM, 2 { State, 0; Temp, 8; }",
            "}",
            "Node_attributes { ALM { LIN_protocol = \"2.1\"; configured_NAD = 0x10; product_id = 0x13, 0x0A1D; } }",
            "Schedule_tables { Normal { Req delay 10 ms; Status delay 10 ms; } }",
            "Signal_encoding_types {",
            "  LedState { logical_value, 0, \"OFF\"; logical_value, 1, \"ON\"; }",
            "  Celsius { physical_value, 0, 254, 0.5, -40, \"degC\"; logical_value, 255, \"n/a\"; }",
            "}",
            "Signal_representation { LedState: State; Celsius: Temp; }",
            "");

    @TempDir
    Path dir;
    private Path ldf;

    @BeforeEach
    void writeLdf() throws IOException {
        ldf = Files.writeString(dir.resolve("alm.ldf"), LDF);
    }

    private CliRun.Result run(String... args) {
        return CliRun.run(dir, args);
    }

    @Test
    void infoSummarisesTheFile() {
        CliRun.Result r = run("ldf", "info", ldf.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("protocol:    2.1").contains("speed:       19200 bit/s")
                .contains("master:      BCM, time base 10 ms, jitter 0.1 ms").contains("ALM        NAD 0x10")
                .contains("Normal").contains("cycle 20 ms");
    }

    @Test
    void framesAndSignalsAreTables() {
        CliRun.Result frames = run("ldf", "frames", ldf.toString());
        assertThat(frames.out()).startsWith("FRAME").contains("Status  0x11  0x11  2      ALM");
        CliRun.Result signals = run("ldf", "signals", ldf.toString(), "Status");
        assertThat(signals.out()).contains("State").contains("Status@0").contains("LedState")
                .contains("Temp").contains("Status@8").doesNotContain("Red");
    }

    @Test
    void decodeShowsRawAndConvertedValuesWithUnits() {
        CliRun.Result r = run("ldf", "decode", ldf.toString(), "0x11", "01", "64");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"ON\"").contains("10.0 degC");
    }

    @Test
    void decodeShowsPhysicalValuesWithTheDecimalsOfTheirScale() throws Exception {
        // 127 * 0.1 is 12.700000000000001 in binary floating point
        java.nio.file.Path percent = Files.writeString(dir.resolve("percent.ldf"), LDF.replace("0.5, -40, \"degC\"", "0.1, 0, \"%\""));
        CliRun.Result r = run("ldf", "decode", percent.toString(), "0x11", "01", "7F");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(" 12.7 %").doesNotContain("00000");
    }

    @Test
    void encodeBuildsTheFrameBytes() {
        CliRun.Result r = run("ldf", "encode", ldf.toString(), "Req", "Red=255", "raw:Mode=2");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("FF 02");
        CliRun.Result status = run("ldf", "encode", ldf.toString(), "Status", "State=ON", "Temp=21.5 degC");
        assertThat(status.out().strip()).isEqualTo("01 7B");
    }

    @Test
    void badInputGetsTheRightExitCodeAndMessage() {
        CliRun.Result shortFrame = run("ldf", "decode", ldf.toString(), "Status", "01");
        assertThat(shortFrame.code()).isEqualTo(ExitCode.USAGE);
        assertThat(shortFrame.err()).contains("Status: expected 2 data bytes, got 1");
        CliRun.Result badValue = run("ldf", "encode", ldf.toString(), "Status", "State=DIM");
        assertThat(badValue.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badValue.err()).contains("cannot encode \"DIM\" as LedState");
        CliRun.Result unknownFrame = run("ldf", "decode", ldf.toString(), "Nope", "00");
        assertThat(unknownFrame.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknownFrame.err()).contains("no frame named \"Nope\"");
    }

    @Test
    void anInvalidFileIsAConfigurationErrorWithLineAndColumn() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.ldf"), LDF.replace("Red, 0;", "Red, 0"));
        CliRun.Result r = run("ldf", "info", broken.toString());
        assertThat(r.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("broken.ldf line 13 column").contains("expected ';'");
        CliRun.Result missing = run("ldf", "info", dir.resolve("none.ldf").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
    }
}
