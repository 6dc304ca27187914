package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vm subcommands on libvirt's test driver. Its {@code test:///default} state is shared by the
 * connections of one process and lives while one of them is open, so the test holds one: each
 * command opens and closes its own.
 */
class VmCommandTest {

    private static final String HV = "libvirt:test:///default";

    @TempDir
    Path dir;

    private HypervisorClient keepAlive;

    @BeforeEach
    void holdTheTestDriversState() {
        keepAlive = DriverRegistry.load().open(HV, HypervisorClient.class);
    }

    @AfterEach
    void release() {
        keepAlive.close();
    }

    private CliRun.Result run(String... args) {
        return CliRun.run(dir, args);
    }

    @Test
    void aPasswordInANestedUriNeverReachesAnyOutput() {
        for (String uri : java.util.List.of("libvirt:qemu+tcp://root:hunter2@127.0.0.1/system",
                "libvirt:qemu+ssh://root@127.0.0.1/system?passwd=hunter2")) {
            for (String verbosity : java.util.List.of("-v", "-vv")) {
                CliRun.Result r = run(verbosity, "vm", "list", uri);
                assertThat(r.code()).as(uri).isEqualTo(ExitCode.CONFIG);
                assertThat(r.out() + r.err()).as(uri).doesNotContain("hunter2").containsAnyOf("a password in a URI is not accepted", "would hold a secret inline");
            }
        }
    }

    @Test
    void defineStartListDestroyAndLeftovers() {
        assertThat(run("vm", "list", HV).out()).contains("test  RUNNING").doesNotContain("cli-vm");
        CliRun.Result defined = run("vm", "define", HV, "cli-vm", "--memory", "256", "--vcpus", "2",
                "--kernel", "/boot/vmlinuz", "--cmdline", "console=ttyS0", "--hostdev", "0000:03:00.0");
        assertThat(defined.code()).as(defined.err()).isZero();
        assertThat(defined.out()).contains("defined cli-vm (256 MiB, 2 vCPU, uuid ");
        // define keeps the domain beyond the command, and it is marked as Bench HAL's
        assertThat(run("vm", "list", HV).out()).containsPattern("cli-vm\\s+SHUT_OFF\\s+256 MiB\\s+2\\s+yes");
        CliRun.Result left = run("vm", "leftovers", HV);
        assertThat(left.code()).isEqualTo(ExitCode.FAILED);
        assertThat(left.out()).isEqualTo("cli-vm\n");
        assertThat(run("vm", "start", HV, "cli-vm").out()).isEqualTo("cli-vm: RUNNING\n");
        assertThat(run("vm", "destroy", HV, "cli-vm", "--undefine").out()).isEqualTo("cli-vm: destroyed\ncli-vm: undefined\n");
        CliRun.Result none = run("vm", "leftovers", HV);
        assertThat(none.code()).isZero();
        assertThat(none.out()).isEqualTo("no leftovers\n");
    }

    @Test
    void badInputIsAUsageOrNotFoundError() {
        CliRun.Result badAddress = run("vm", "define", HV, "cli-bad", "--hostdev", "03:00");
        assertThat(badAddress.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badAddress.err()).contains("03:00");
        assertThat(run("vm", "define", HV, "cli-bad", "--cmdline", "quiet").err()).contains("--initrd and --cmdline need --kernel");
        assertThat(run("vm", "addr", HV, "test", "--source", "dhcp").err()).contains("--source dhcp: expected lease, agent or arp");
        CliRun.Result missing = run("vm", "start", HV, "no-such-vm");
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("no domain \"no-such-vm\"");
        assertThat(run("vm", "list", "libvirt:nosuchdriver:///x").code()).isNotZero();
        assertThat(run("vm", "list", HV).out()).doesNotContain("cli-bad");
    }
}
