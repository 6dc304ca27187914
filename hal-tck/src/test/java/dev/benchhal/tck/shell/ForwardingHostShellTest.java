package dev.benchhal.tck.shell;

import dev.benchhal.error.DisconnectedException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every call reaches the real shell; an override sees what passes through. */
class ForwardingHostShellTest {

    @TempDir
    Path dir;

    @Test
    void everyCallReachesTheDelegateAndOverridesSeeThem() throws Exception {
        LocalHostShell local = new LocalHostShell();
        List<String> seen = new ArrayList<>();
        HostShell shell = new ForwardingHostShell(local) {
            @Override
            public CommandResult run(Command command) {
                seen.add(String.join(" ", command.argv()));
                return super.run(command);
            }
        };
        assertThat(shell.run("echo", "through").stdoutText()).isEqualTo("through\n");
        assertThat(seen).containsExactly("echo through");
        shell.writeFile(dir.resolve("a").toString(), "written".getBytes(StandardCharsets.UTF_8));
        assertThat(shell.readText(dir.resolve("a").toString())).isEqualTo("written");
        shell.upload(dir.resolve("a"), dir.resolve("b").toString());
        shell.download(dir.resolve("b").toString(), dir.resolve("c"));
        assertThat(Files.readString(dir.resolve("c"))).isEqualTo("written");
        assertThat(shell.hostLabel()).isEqualTo(local.hostLabel());
        assertThat(shell.uri()).isEqualTo(local.uri());
        shell.close();
        assertThatThrownBy(() -> local.run("true")).as("closed with the wrapper").isInstanceOf(DisconnectedException.class);
    }
}
