package dev.benchhal.lab;

import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabFileTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("lab.yaml"), text);
    }

    /** A USB device as sysfs shows it, in a directory of the test's. */
    private void usbDevice(String name, String vendor, String product, String serial) throws IOException {
        Path d = Files.createDirectories(dir.resolve("usb").resolve(name));
        if (vendor != null) {
            Files.writeString(d.resolve("idVendor"), vendor + "\n");
            Files.writeString(d.resolve("idProduct"), product + "\n");
        }
        if (serial != null) {
            Files.writeString(d.resolve("serial"), serial + "\n");
        }
    }

    @Test
    void aWatchReportsBoardsPluggedInAndUnpluggedAfterTheBoardsItStartsFrom() throws Exception {
        usbDevice("1-1", "2e8a", "0005", "E6614103E71F5F2C");
        java.util.List<UsbBoards.Rule> rules = java.util.List.of(
                new UsbBoards.Rule("2e8a", java.util.Optional.empty(), "RPI_PICO_W", java.util.Set.of(), 4));
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.List<Board> known = UsbBoards.discover(dir.resolve("usb"), rules);
        try (UsbBoards.Watch watch = UsbBoards.watch(dir.resolve("usb"), rules, Duration.ofMillis(10), known, new UsbBoards.Listener() {
            @Override
            public void appeared(Board board) {
                events.add("+" + board.id());
            }

            @Override
            public void gone(Board board) {
                events.add("-" + board.id());
            }
        })) {
            Path aside = Files.createDirectories(dir.resolve("aside/1-2"));
            Files.writeString(aside.resolve("idVendor"), "2e8a\n");
            Files.writeString(aside.resolve("idProduct"), "000f\n");
            Files.writeString(aside.resolve("serial"), "E66141040F231831\n");
            Files.move(aside, dir.resolve("usb/1-2"));
            assertThat(events.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("+1831");
            // unplugged: the kernel takes the device's directory away
            Files.move(dir.resolve("usb/1-1"), dir.resolve("aside/1-1"));
            assertThat(events.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("-5f2c");
        }
        assertThat(events).as("5f2c was known: not reported as plugged in").isEmpty();
        assertThatThrownBy(() -> UsbBoards.watch(dir, rules, Duration.ofMillis(1), known, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10 ms");
    }

    @Test
    void boardsAreDiscoveredOnTheUsbBusesByTheirIds() throws IOException {
        usbDevice("1-1", "2e8a", "0005", "E6614103E71F5F2C");     // listed in the file too: the file describes it
        usbDevice("1-2", "2E8A", "0005", "E66141040F231831");
        usbDevice("1-3", "16c0", "0483", "12345");                 // a Teensy: another rule
        usbDevice("1-4", "2e8a", "0005", null);                    // no serial: named by its bus path
        usbDevice("1-5", "1d6b", "0002", "0000:00:14.0");          // a root hub: no rule
        usbDevice("1-1:1.0", null, null, null);                    // an interface, not a device
        LabFile lab = LabFile.load(write("""
                boards:
                  - { id: 5f2c, type: RPI_PICO_W, capabilities: [wlan, bluetooth] }
                discover:
                  usbDevices: usb
                  usb:
                    - { vendor: 2e8a, product: "0005", type: RPI_PICO_W, capabilities: [wlan], serialDigits: 4 }
                    - { vendor: 16c0, type: TEENSY40 }
                specs: [{ name: S, needs: [{ role: b }], command: ['true'] }]
                """));
        assertThat(lab.boards()).containsExactly(Board.of("5f2c", "RPI_PICO_W", "wlan", "bluetooth"),
                Board.of("1831", "RPI_PICO_W", "wlan"), Board.of("12345", "TEENSY40"), Board.of("1-4", "RPI_PICO_W", "wlan"));

        assertThatThrownBy(() -> LabFile.load(write("discover: { usb: [{ vendor: 2e8a, product: 5, type: T }] }\nspecs: []\n")))
                .hasMessageContaining("lab.yaml line 1").hasMessageContaining("product id \"5\": expected 4 hex digits")
                .hasMessageContaining("quote ids");
        assertThatThrownBy(() -> LabFile.load(write("specs: []\n"))).hasMessageContaining("missing key \"boards\"");
        assertThat(lab.discovery()).isNotNull();
        assertThat(lab.discovery().every()).as("the default look at the buses while a lab runs").isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> LabFile.load(write("discover: { every: 1ms, usb: [{ vendor: 2e8a, type: T }] }\nspecs: []\n")))
                .hasMessageContaining("lab.yaml line 1").hasMessageContaining("at least 10ms between looks at the USB buses, got PT0.001S");
        assertThat(LabFile.load(write("discover: { every: 0s, usb: [{ vendor: 2e8a, type: T }] }\nspecs: []\n")).discovery()
                .watch(null)).as("0s: no watch").isEmpty();
        assertThat(lab.discovery().found()).as("the watch starts from every board found, also one the file lists")
                .extracting(Board::id).containsExactly("5f2c", "1831", "12345", "1-4");
        // no USB here at all: no boards found, and no error
        assertThat(LabFile.load(write("discover: { usbDevices: nowhere, usb: [{ vendor: 2e8a, type: T }] }\nspecs: []\n"))
                .boards()).isEmpty();
    }

    @Test
    void readsBoardsSpecsLeasesAndFirmware() throws IOException {
        LabFile lab = LabFile.load(write("""
                version: 1
                results: out
                policy: priority
                leases:
                  database: jdbc:postgresql://db.lab:5432/lab
                  user: lab
                  passwordEnv: LAB_DB_PASSWORD
                  time: 90s
                boards:
                  - { id: 5f2c, type: RPI_PICO_W, capabilities: [wlan, bluetooth] }
                  - { id: 2d2d, type: PYBV11 }
                firmware: { command: [make, firmware], parallel: 3 }
                specs:
                  - name: RUN-MULTITESTS_MULTINET
                    priority: 40
                    needs: [{ role: sta, capabilities: [wlan] }, { role: ap, types: [RPI_PICO_W, ESP32] }]
                    coverage: each-board
                    repeat: 2
                    firmware: RISCV
                    expected: 3m
                    timeLimit: 20m
                    command: [python3, run-multitests.py]
                """));
        assertThat(lab.results()).isEqualTo(dir.resolve("out"));
        assertThat(lab.policy().name()).isEqualTo("priority");
        assertThat(lab.leases().database()).isEqualTo("jdbc:postgresql://db.lab:5432/lab");
        assertThat(lab.leases().passwordEnv()).isEqualTo("LAB_DB_PASSWORD");
        assertThat(lab.leases().time()).isEqualTo(Duration.ofSeconds(90));
        assertThat(lab.boards()).containsExactly(Board.of("5f2c", "RPI_PICO_W", "bluetooth", "wlan"), Board.of("2d2d", "PYBV11"));
        assertThat(lab.firmware().parallel()).isEqualTo(3);
        TestRunSpec spec = lab.specs().get(0);
        assertThat(spec.needs()).containsExactly(BoardNeed.withCapabilities("sta", "wlan"), BoardNeed.ofType("ap", "RPI_PICO_W", "ESP32"));
        assertThat(spec.coverage()).isEqualTo(Coverage.EACH_BOARD);
        assertThat(spec.repeat()).isEqualTo(2);
        assertThat(spec.firmwareVariant()).contains("RISCV");
        assertThat(spec.expectedDuration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(spec.timeLimit()).isEqualTo(Duration.ofMinutes(20));
        assertThat(spec.test()).hasToString("command [python3, run-multitests.py]");
    }

    @Test
    void defaultsToLeasesInADirectoryBesideTheFile() throws IOException {
        LabFile lab = LabFile.load(write("boards: [{ id: a, type: T }]\nspecs: [{ name: S, needs: [{ role: b }], command: ['true'] }]\n"));
        assertThat(lab.leases().directory()).isEqualTo(dir.resolve("leases"));
        assertThat(lab.results()).isEqualTo(dir.resolve("results"));
        assertThat(lab.policy().name()).isEqualTo("critical-work-first");
        assertThat(lab.firmware()).isNull();
    }

    @Test
    void everyMistakeNamesTheLineAndTheKey() throws IOException {
        assertThatThrownBy(() -> LabFile.load(write("boards: []\nspecs: []\nleases:\n  database: jdbc:postgresql://x/y\n  password: hunter2\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 5 (leases.password)")
                .hasMessageContaining("never written in the lab file").satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> LabFile.load(write("boards:\n  - { id: a, type: T }\n  - { id: a, type: U }\nspecs: []\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 3 (boards[1])").hasMessageContaining("board a is listed twice");
        assertThatThrownBy(() -> LabFile.load(write("boards: []\nspecs:\n  - { name: S, needs: [{ role: b }], firmware: '', command: ['true'] }\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 3 (specs[0])").hasMessageContaining("no firmware.command");
        assertThatThrownBy(() -> LabFile.load(write("boards: []\nspecs:\n  - { name: S, needs: [], command: ['true'] }\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a run needs one or two boards, got 0 needs");
        assertThatThrownBy(() -> LabFile.load(write("boards: []\nspecs:\n  - { name: S, needs: [{ role: b }], command: ['true'], expected: soon }\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specs[0].expected");
        assertThatThrownBy(() -> LabFile.load(write("boards: []\nspec: []\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key \"spec\"");
        assertThatThrownBy(() -> LabFile.load(write("boards: []\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing key \"specs\"");
        assertThatThrownBy(() -> LabFile.load(write("leases: { directory: d, database: 'jdbc:postgresql://x/y' }\nboards: []\nspecs: []\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    }
}
