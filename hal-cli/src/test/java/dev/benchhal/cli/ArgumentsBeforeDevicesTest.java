package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A typo in an argument is a usage error before any device is opened: the target here has a scheme
 * no driver serves, so a subcommand that opened it first would exit with a configuration error.
 */
class ArgumentsBeforeDevicesTest {

    private static final String UNOPENABLE = "nosuchdriver:anything";

    @TempDir
    Path dir;

    private void usageError(String expected, String... args) {
        CliRun.Result r = CliRun.run(dir, args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(expected);
    }

    @Test
    void theTargetItselfIsAConfigurationError() {
        assertThat(CliRun.run(dir, "pcie", "rescan", "--host", UNOPENABLE).code()).isEqualTo(ExitCode.CONFIG);
    }

    @Test
    void pcieAddressesAreCheckedFirst() {
        usageError("0000:zz:00.0", "pcie", "remove", "--host", UNOPENABLE, "0000:00:02.0", "0000:zz:00.0");
        usageError("01:00", "pcie", "rescan", "--host", UNOPENABLE, "--bridge", "01:00");
    }

    @Test
    void domainSpecsAndTimeoutsAreCheckedFirst() {
        usageError("zz", "vm", "define", UNOPENABLE, "guest", "--hostdev", "zz");
        usageError("--initrd and --cmdline need --kernel", "vm", "define", UNOPENABLE, "guest", "--initrd", "/boot/initrd");
        usageError("\"soon\" is not a duration", "vm", "destroy", UNOPENABLE, "guest", "--graceful", "soon");
        usageError("\"later\" is not a duration", "vm", "addr", UNOPENABLE, "guest", "--wait", "later");
        usageError("expected lease, agent or arp", "vm", "addr", UNOPENABLE, "guest", "--source", "dns");
    }

    @Test
    void hubOffTimesAreCheckedFirst() {
        usageError("\"a while\" is not a duration", "hub", "cycle", UNOPENABLE, "1", "--off-time", "a while");
    }
}
