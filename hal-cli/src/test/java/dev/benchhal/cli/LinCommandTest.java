package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LinCommandTest {

    private static final String MOCK = "lin-mock:?ldf=builtin:alm&time=virtual";

    @TempDir
    Path dir;

    private CliRun.Result run(String... args) {
        return CliRun.run(dir, args);
    }

    @Test
    void requestPrintsTheResponseAndSilenceIsATimeout() {
        CliRun.Result status = run("lin", "request", MOCK, "0x11", "4");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("LinFrame[id=0x11 data=10 00 00 00 checksum=ENHANCED]");
        CliRun.Result silent = run("lin", "request", MOCK, "0x30", "2");
        assertThat(silent.code()).isEqualTo(ExitCode.TIMEOUT);
        assertThat(silent.err()).contains("0x30: no response");
    }

    @Test
    void receiveDecodesWithTheSimulatorsLdfAndIdentifyReadsTheProductId() {
        CliRun.Result receive = run("lin", "receive", MOCK, "ALM_Status");
        assertThat(receive.out()).contains("ALMNadNo").contains("ALMLEDState       OFF");
        CliRun.Result identify = run("lin", "identify", MOCK);
        assertThat(identify.out()).contains("NAD 0x10  supplier 0x0013  function 0x0A1D  variant 1  serial ");
    }

    @Test
    void sendAndTraceWorkOnABenchRole() throws Exception {
        Files.writeString(dir.resolve("bench.yaml"), "devices:\n  lin: \"" + MOCK + "\"\n");
        CliRun.Result sent = run("lin", "send", "lin", "0x0A", "FF 00 00 FF 00 00 10 10");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("sent LinFrame[id=0x0A");
        CliRun.Result trace = run("lin", "trace", "lin", "--schedule", "ALM_Normal", "--for", "50ms");
        assertThat(trace.out()).contains("0x0A MASTER_FRAME").contains("ALM_Node ; ALM_Status").contains("Tj_Frame");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run("lin", "request", MOCK, "0x40", "2").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run("lin", "send", MOCK, "0x0A", "zz").code()).isEqualTo(ExitCode.USAGE);
        CliRun.Result checksum = run("lin", "request", MOCK, "0x11", "4", "--checksum", "fancy");
        assertThat(checksum.code()).isEqualTo(ExitCode.USAGE);
        assertThat(checksum.err()).contains("expected classic or enhanced");
        assertThat(run("lin", "request", "nobody", "0x11", "4").code()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void argumentsAreCheckedBeforeTheBusIsOpened() {
        // a MUM that does not exist: any attempt to open it would fail with NOT_FOUND or DISCONNECTED
        String absent = "mum://127.0.0.1/lin0?python=/no/such/python";
        assertThat(run("lin", "request", absent, "0x11", "4").code()).isNotEqualTo(ExitCode.USAGE).isNotZero();
        CliRun.Result badId = run("lin", "request", absent, "0x40", "2");
        assertThat(badId.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badId.err()).contains("frame id 0x40 is outside 0x00..0x3F");
        assertThat(run("lin", "send", absent, "0x0A", "zz").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run("lin", "identify", absent, "--nad", "0x100").code()).isEqualTo(ExitCode.USAGE);
        CliRun.Result badTimeout = run("lin", "receive", absent, "ALM_Status", "--timeout", "soon");
        assertThat(badTimeout.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badTimeout.err()).contains("\"soon\" is not a duration");
        assertThat(run("lin", "trace", absent, "--for", "later").code()).isEqualTo(ExitCode.USAGE);
    }
}
