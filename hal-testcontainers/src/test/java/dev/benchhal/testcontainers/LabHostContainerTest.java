package dev.benchhal.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Network;
import dev.benchhal.error.HalException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

@ExtendWith(LabHostExtension.class)
class LabHostContainerTest {

    private static final boolean CI = "true".equals(System.getenv("CI"));
    private static LabHostContainer host;

    @BeforeAll
    static void start(LabHostContainer container) {
        host = container;
    }

    @Test
    void aTestReachesTheLabHostOverSshAsALabMachineAndRunsItsPython() {
        HostShell shell = host.hostShell();
        CommandResult python = shell.run(Command.of("python3", "-c", "import sys; print(sys.version_info[0] * 14)"));
        assertThat(python.exitCode()).isZero();
        assertThat(python.stdoutText().trim()).isEqualTo("42");
        assertThat(shell.run(Command.of("sh", "-c", "exit 3")).exitCode()).isEqualTo(3);
        assertThat(shell.run(Command.of("cat", "/etc/os-release")).stdoutText()).contains("Debian GNU/Linux");
        assertThatThrownBy(() -> shell.run(Command.of("no-such-program-here"))).isInstanceOf(HalException.class)
                .hasMessageContaining("no-such-program-here");
        assertThat(host.sshUri()).startsWith("ssh://root@127.0.0.1:" + host.sshPort() + "?identity=");
    }

    @Test
    void sshdListensOnTheLoopbackAddressOnly() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), host.sshPort()), 5000);
            assertThat(s.isConnected()).isTrue();
        }
        // the container shares this machine's network: its listening sockets are this machine's
        String listening = host.hostShell().run(Command.of("cat", "/proc/net/tcp")).stdoutText();
        String port = String.format("%04X", host.sshPort());
        // columns: slot, local address, remote address, state (0A: listening)
        assertThat(listening.lines().map(l -> l.trim().split("\\s+", -1)).filter(c -> c[1].endsWith(":" + port) && "0A".equals(c[3])))
                .as("sshd's listening socket in /proc/net/tcp").singleElement()
                .satisfies(c -> assertThat(c[1]).as("local address").isEqualTo("0100007F:" + port));
    }

    @Test
    void theImageWasBuiltHereAndNothingWasPulled() throws InterruptedException {
        DockerClient docker = DockerClientFactory.instance().client();
        assertThat(docker.inspectImageCmd(LabHostImage.name()).exec().getRepoTags()).contains(LabHostImage.name());
        // the events stream ends at the engine's "now", read from the engine: no clock of this JVM is involved
        java.time.OffsetDateTime engineNow = java.time.OffsetDateTime.parse(docker.infoCmd().exec().getSystemTime());
        List<Event> pulls = Collections.synchronizedList(new ArrayList<>());
        try (ResultCallback.Adapter<Event> events = docker.eventsCmd().withEventFilter("pull")
                .withSince("1").withUntil(Long.toString(engineNow.toEpochSecond() + 1))
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        pulls.add(event);
                    }
                })) {
            assertThat(events.awaitCompletion(30, TimeUnit.SECONDS)).as("the engine's events up to now").isTrue();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(pulls).as("images the engine pulled, as far back as it remembers").isEmpty();
        // a pull that failed leaves no event: the engine's log (debug level, .ci/run) has every API call it was asked
        String log = System.getenv("BENCHHAL_DOCKERD_LOG");
        if (log != null && java.nio.file.Files.exists(java.nio.file.Path.of(log))) {
            try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(log))) {
                assertThat(lines.filter(l -> l.contains("Calling ") && (l.contains("fromImage=") || l.contains("/distribution/"))))
                        .as("requests to pull an image in the engine's log %s", log).isEmpty();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        } else if (CI) {
            fail("CI starts the engine with its log in $BENCHHAL_DOCKERD_LOG (.ci/run); " + log + " is missing");
        }
        if (CI) {
            assertThat(docker.listNetworksCmd().exec()).extracting(Network::getName).as("CI's engine runs without a bridge")
                    .doesNotContain("bridge");
        }
    }

    @Test
    void closingRemovesTheContainer() {
        try (LabHostContainer second = new LabHostContainer()) {
            second.start();
            assertThat(second.hostShell().run(Command.of("true")).exitCode()).isZero();
            String id = second.getContainerId();
            second.stop();
            DockerClient docker = DockerClientFactory.instance().client();
            assertThat(docker.listContainersCmd().withShowAll(true).exec()).noneMatch(c -> c.getId().equals(id));
            assertThatThrownBy(second::sshUri).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        }
    }
}
