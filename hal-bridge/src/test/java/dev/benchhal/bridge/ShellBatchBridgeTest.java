package dev.benchhal.bridge;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.HalException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches through a HostShell, here this machine's (the Acroname driver's tests run them through a
 * real sshd): the bridge is installed once in a private directory that close removes.
 */
class ShellBatchBridgeTest {

    private static ShellBatchBridge probe(HostShell shell) {
        return new ShellBatchBridge(shell, "probe batches", ShellBatchBridgeTest.class, "probe_bridge.py", "python3",
                Optional.empty(), Duration.ofSeconds(20));
    }

    @Test
    void aBatchIsInstalledOnceInAPrivateDirectoryThatCloseRemoves() throws IOException {
        try (HostShell shell = new LocalHostShell()) {
            ShellBatchBridge bridge = probe(shell);
            assertThat(bridge.remoteDirectory()).isEmpty();
            List<Map<String, Object>> results = bridge.run(List.of(Map.of("op", "echo", "text", "one"), Map.of("op", "ping")));
            assertThat(results.get(0)).containsEntry("text", "one");
            Path directory = Path.of(bridge.remoteDirectory().orElseThrow());
            assertThat(results.get(0)).containsEntry("where", directory.toString());
            assertThat(directory.getFileName().toString()).matches("benchhal-bridge\\.[A-Za-z0-9]{10}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
            assertThat(directory.resolve("benchhal_bridge.py")).exists();
            assertThat(bridge.handshake()).containsEntry("bridge", "probe");

            bridge.run(List.of(Map.of("op", "echo", "text", "two")));
            assertThat(bridge.remoteDirectory()).as("installed once").contains(directory.toString());

            bridge.close();
            assertThat(directory).doesNotExist();
            assertThat(bridge.remoteDirectory()).isEmpty();
            assertThatThrownBy(() -> bridge.run(List.of(Map.of("op", "ping")))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void theFirstFailedRequestIsThrownAfterTheWholeBatchRan() {
        try (HostShell shell = new LocalHostShell(); ShellBatchBridge bridge = probe(shell)) {
            assertThatThrownBy(() -> bridge.run(List.of(Map.of("op", "refuse"), Map.of("op", "crash"))))
                    .isInstanceOf(BridgeCallException.class).hasMessageContaining("refuse: BUSY: the device is busy");
            assertThat(bridge.run(List.of(Map.of("op", "echo", "text", "after")))).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("text", "after"));
        }
    }

    @Test
    void aHalfInstalledBridgeIsRemovedAndTheNextRunStartsOver() {
        AtomicReference<String> made = new AtomicReference<>();
        AtomicBoolean diskFull = new AtomicBoolean(true);
        try (LocalHostShell local = new LocalHostShell()) {
            HostShell flaky = new HostShell() {
                @Override
                public CommandResult run(Command command) {
                    CommandResult r = local.run(command);
                    if (command.argv().get(0).equals("mktemp")) {
                        made.set(r.stdoutText().strip());
                    }
                    return r;
                }

                @Override
                public HostProcess start(Command command) {
                    return local.start(command);
                }

                @Override
                public byte[] readFile(String path) {
                    return local.readFile(path);
                }

                @Override
                public void writeFile(String path, byte[] content) {
                    if (path.endsWith("/probe_bridge.py") && diskFull.get()) {
                        throw new HalException(path, "No space left on device");
                    }
                    local.writeFile(path, content);
                }

                @Override
                public String hostLabel() {
                    return local.hostLabel();
                }

                @Override
                public DeviceUri uri() {
                    return local.uri();
                }

                @Override
                public void close() {
                }
            };
            try (ShellBatchBridge bridge = probe(flaky)) {
                assertThatThrownBy(() -> bridge.run(List.of(Map.of("op", "ping")))).isInstanceOf(HalException.class)
                        .hasMessageContaining("No space left on device");
                String first = made.get();
                assertThat(Path.of(first)).as("the protocol module was written, then removed with its directory").doesNotExist();
                assertThat(bridge.remoteDirectory()).isEmpty();

                diskFull.set(false);
                assertThat(bridge.run(List.of(Map.of("op", "echo", "text", "again")))).singleElement()
                        .satisfies(r -> assertThat(r).containsEntry("text", "again"));
                assertThat(made.get()).isNotEqualTo(first);
            }
        }
    }
}
