package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PsuCommandTest {

    @TempDir
    Path dir;

    private CliRun.Result run(String... args) {
        return CliRun.run(dir, args);
    }

    @Test
    void idnSetMeasureOnOffOnTheSimulator() {
        assertThat(run("psu", "idn", "owon:sim:SPE6103").out()).contains("OWON SPE6103 serial SIM00001")
                .contains("ratings: 60.0 V, 10.0 A, 300 W, 1 channel");
        assertThat(run("psu", "set", "owon:sim:SPE6103", "--volts", "12", "--amps", "1.5").out())
                .contains("channel 1: 12.000 V, 1.500 A (read back)");
        assertThat(run("psu", "measure", "owon:sim:SPE6103").out()).contains("output off");
        assertThat(run("psu", "on", "owon:sim:SPE6103").out()).contains("output on; safe off switches it off again");
        assertThat(run("psu", "off", "owon:sim:ODP3033", "--channel", "3").out()).contains("channel 3: output off");
    }

    @Test
    void badValuesAndChannelsAreUsageErrors() {
        CliRun.Result tooHigh = run("psu", "set", "owon:sim:SPE3051", "--volts", "40");
        assertThat(tooHigh.code()).isEqualTo(ExitCode.USAGE);
        assertThat(tooHigh.err()).contains("voltage 40.0 V is outside 0..30.000 V");
        assertThat(run("psu", "on", "owon:sim:SPE6103", "--channel", "2").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run("psu", "idn", "owon:sim:NOPE").code()).isEqualTo(ExitCode.CONFIG);
    }
}
