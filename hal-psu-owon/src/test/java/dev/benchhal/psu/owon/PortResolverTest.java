package dev.benchhal.psu.owon;

import dev.benchhal.error.NotFoundException;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.PtySimulator;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortResolverTest {

    @TempDir
    Path dir;

    /** A /dev with two adapters and a sysfs whose ttyUSB0 sits on a CH340. */
    private Path[] machine() throws IOException {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("ttyUSB0"));
        Files.createFile(dev.resolve("ttyACM1"));
        Files.createFile(dev.resolve("ttyS0"));
        Path usb = Files.createDirectories(dir.resolve("sys/devices/usb1/1-1"));
        Files.writeString(usb.resolve("idVendor"), "1a86\n");
        Files.writeString(usb.resolve("idProduct"), "7523\n");
        Files.writeString(usb.resolve("product"), "USB Serial\n");
        Path iface = Files.createDirectories(usb.resolve("1-1:1.0"));
        Path tty = Files.createDirectories(dir.resolve("sys/class/tty/ttyUSB0"));
        Files.createSymbolicLink(tty.resolve("device"), iface);
        return new Path[] {dev, dir.resolve("sys/class/tty")};
    }

    @Test
    void candidatesAreTheConfiguredPortItsTranslationAndTheUsbAdapters() throws IOException {
        Path[] m = machine();
        List<PortResolver.Candidate> c = PortResolver.candidates(Optional.of("COM7"), m[0], m[1]);
        assertThat(c).extracting(PortResolver.Candidate::port).containsExactly("COM7", m[0].resolve("ttyS6").toString(),
                m[0].resolve("ttyACM1").toString(), m[0].resolve("ttyUSB0").toString());
        assertThat(c.get(1).why()).isEqualTo("WSL translation of COM7");
        assertThat(c.get(3).why()).isEqualTo("USB 1a86:7523 USB Serial");
        assertThat(PortResolver.candidates(Optional.of("/dev/ttyS2"), m[0], m[1]).get(1).port()).isEqualTo("COM3");
    }

    @Test
    void theFirstPortWhoseIdentityMatchesWinsAndFailuresListEveryPortTried() {
        List<PortResolver.Candidate> c = List.of(new PortResolver.Candidate("COM7", "configured"),
                new PortResolver.Candidate("/dev/ttyUSB0", "USB 1a86:7523"), new PortResolver.Candidate("/dev/ttyUSB1", "USB"));
        Map<String, String> answers = Map.of("/dev/ttyUSB0", "RIGOL TECHNOLOGIES,DP832,1,1", "/dev/ttyUSB1",
                "OWON,SPE6103,2,FV:V1");
        PortResolver.Candidate found = PortResolver.resolve(c, port -> {
            if (!answers.containsKey(port)) {
                throw new NotFoundException(port, "cannot open the serial port: port not found");
            }
            return answers.get(port);
        }, Optional.of("owon"), "owon:serial:COM7");
        assertThat(found.port()).isEqualTo("/dev/ttyUSB1");
        assertThatThrownBy(() -> PortResolver.resolve(c, port -> answers.getOrDefault(port, "?"), Optional.of("SPE6205"),
                "owon:serial:COM7")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("COM7 (configured): answered \"?\"")
                .hasMessageContaining("/dev/ttyUSB0 (USB 1a86:7523): answered \"RIGOL")
                .hasMessageContaining("without \"SPE6205\"");
    }

    @Test
    void resolvingFindsTheSimulatorBehindARealPty() {
        OwonSimulator simulator = new OwonSimulator(OwonModel.SPE6205, "RES1", BenchClock.system());
        try (PtySimulator pty = PtySimulator.start(simulator, dir)) {
            List<PortResolver.Candidate> c = List.of(new PortResolver.Candidate(dir.resolve("nothing").toString(), "configured"),
                    new PortResolver.Candidate(pty.devicePath().toString(), "USB test adapter"));
            PortResolver.Candidate found = PortResolver.resolve(c, port -> {
                try (SerialLink link = SerialLink.open(port, 115_200)) {
                    return link.query("*IDN?", java.time.Duration.ofSeconds(1));
                }
            }, Optional.of("SPE6205"), "test");
            assertThat(found.port()).isEqualTo(pty.devicePath().toString());
        }
    }

    @Test
    void autoWithNothingToTrySaysSo() {
        assertThatThrownBy(() -> PortResolver.resolve(List.of(), port -> "", Optional.empty(), "owon:serial:auto"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no port to try");
    }
}
