package dev.benchhal.tck;

import dev.benchhal.tck.fakes.ScriptedHostShell;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scripted shell answers what it was given, records what was run, and refuses the rest. */
class ScriptedHostShellTest {

    @Test
    void aStartedCommandIsAnsweredAsAProcessThatHasEnded() throws Exception {
        ScriptedHostShell rig = ScriptedHostShell.builder("rig")
                .on(argv -> argv.get(0).equals("python3")).answer(c -> ScriptedHostShell.result(c, 0, "{\"ready\": true}\n", "warming up\n"))
                .build();
        try (dev.benchhal.shell.HostProcess p = rig.start(Command.of("python3", "-u", "bridge.py"))) {
            p.stdin().write("ignored\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(new String(p.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"ready\": true}\n");
            assertThat(new String(p.stderr().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("warming up\n");
            assertThat(p.isAlive()).isFalse();
            assertThat(p.waitFor(Duration.ofSeconds(1))).contains(0);
            assertThat(p.kill()).isZero();
        }
        assertThat(rig.argvs()).containsExactly(List.of("python3", "-u", "bridge.py"));
        assertThatThrownBy(() -> rig.start(Command.of("nc", "-l"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void answersFromTheScriptAndRecordsEveryCommandInOrder() {
        ScriptedHostShell rig = ScriptedHostShell.builder("rig")
                .on("uname", "-r").answer(0, "6.1.0\n")
                .on(argv -> argv.get(0).equals("cat")).answer(c -> ScriptedHostShell.result(c, 1, "", "no " + c.argv().get(1)))
                .on("sleep", "60").timeOut()
                .file("/etc/hostname", "rig-7\n")
                .build();
        assertThat(rig.run("uname", "-r").stdoutText()).isEqualTo("6.1.0\n");
        CommandResult cat = rig.run(Command.of("cat", "/nope").withEnv("LANG", "C"));
        assertThat(cat.exitCode()).isEqualTo(1);
        assertThat(cat.stderrText()).isEqualTo("no /nope");
        assertThatThrownBy(() -> rig.run(Command.of("sleep", "60").withTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(HalTimeoutException.class);
        assertThatThrownBy(() -> rig.run("rm", "-rf", "/")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("[rm, -rf, /]").hasMessageContaining("no answer");
        assertThat(rig.argvs()).containsExactly(List.of("uname", "-r"), List.of("cat", "/nope"), List.of("sleep", "60"),
                List.of("rm", "-rf", "/"));
        assertThat(rig.commands().get(1).environment()).containsEntry("LANG", "C");
        assertThat(rig.readText("/etc/hostname")).isEqualTo("rig-7\n");
        rig.writeFile("/tmp/x", new byte[] {1, 2});
        assertThat(rig.readFile("/tmp/x")).containsExactly(1, 2);
        assertThat(rig.files()).containsExactly("/etc/hostname", "/tmp/x");
        assertThatThrownBy(() -> rig.readFile("/missing")).isInstanceOf(NotFoundException.class);
        rig.close();
        assertThatThrownBy(() -> rig.run("uname", "-r")).isInstanceOf(DisconnectedException.class);
    }
}
