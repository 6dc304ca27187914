package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HubCommandTest {

    @TempDir
    Path dir;

    private CliRun.Result run(String... args) {
        return CliRun.run(dir, args);
    }

    @Test
    void portsListsEveryPortOfTheSimulator() {
        CliRun.Result r = run("hub", "ports", "acroname:sim?ports=4&serial=ABCD0123");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("USBHub3p ABCD0123").contains("3     on     USB2_DATA_ON,USB3_DATA_ON,VBUS_ON  5.000")
                .doesNotContain("\n4 ");
    }

    @Test
    void onOffAndCycleSwitchPorts() {
        assertThat(run("hub", "off", "acroname:sim", "1", "2").out()).contains("port 1 off").contains("port 2 off");
        assertThat(run("hub", "cycle", "acroname:sim", "0", "--off-time", "10ms").out()).contains("port 0 power-cycled");
        CliRun.Result bad = run("hub", "on", "acroname:sim", "9");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("port 9 is outside 0..7");
    }

    @Test
    void discoverWithoutHubsSaysSoAndExitsNotFound() {
        CliRun.Result r = run("hub", "discover");
        assertThat(r.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(r.err()).contains("no USB hub found");
    }
}
