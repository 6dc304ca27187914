package dev.benchhal.lin.mock;

import dev.benchhal.error.ConfigException;
import dev.benchhal.lin.LinCapability;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.LdfParseException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinMockProviderTest {

    @TempDir
    Path dir;

    private static LinMock open(String uri) {
        return LinMockProvider.create(DeviceSpec.of(uri), DriverContext.standalone());
    }

    @Test
    void theRegistryOpensItByScheme() {
        try (LinInterface lin = DriverRegistry.load().open("lin-mock:?ldf=builtin:alm&time=virtual", LinInterface.class)) {
            assertThat(lin).isInstanceOf(LinMock.class);
            assertThat(lin.capabilities()).contains(LinCapability.PASSIVE_RECEIVE, LinCapability.FAULT_INJECTION);
            assertThat(lin.baudRate()).isEqualTo(19200);
        }
    }

    @Test
    void readsAnLdfFileWithTheOptionsGiven() throws IOException {
        Path ldf = Files.writeString(dir.resolve("doors.ldf"), MockClusters.DOORS);
        try (LinMock mock = open("lin-mock:?ldf=" + ldf + "&baud=9600&seed=3&time=virtual&power=off"
                + "&faults=NO_RESPONSE:1&schedule=Normal")) {
            assertThat(mock.baudRate()).isEqualTo(9600);
            assertThat(mock.slavePower().orElseThrow().isPowered()).isFalse();
            assertThat(mock.schedules().current()).contains("Normal");
            assertThat(mock.slaves()).extracting(SimulatedSlave::name).containsExactly("LeftDoor", "RightDoor");
        }
    }

    @Test
    void badOptionsAreConfigurationErrorsThatSayWhy() throws IOException {
        assertThatThrownBy(() -> open("lin-mock:")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("option ldf is required");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&buad=9600")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown option [buad]");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&models=ALM_Node:disco"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown model \"disco\"")
                .hasMessageContaining("alm");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&models=Nobody:alm"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no slave \"Nobody\"");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&faults=MELTDOWN:0.1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown fault MELTDOWN");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&faults=NO_RESPONSE:0.1,"))
                .as("a trailing comma is an empty pair, not ignored").isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected NAME:VALUE pairs");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&faults=NO_RESPONSE:2"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("probability");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&baud=50000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("baud=50000");
        assertThatThrownBy(() -> open("lin-mock:?ldf=builtin:alm&time=warp"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected bench or virtual");
        Path doors = Files.writeString(dir.resolve("doors.ldf"), MockClusters.DOORS);
        assertThatThrownBy(() -> open("lin-mock:?ldf=" + doors + "&models=LeftDoor:alm"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lacks");
        Path broken = Files.writeString(dir.resolve("broken.ldf"), MockClusters.DOORS.replace("LeftPos, 0;", "LeftPos 0;"));
        assertThatThrownBy(() -> open("lin-mock:?ldf=" + broken)).isInstanceOf(LdfParseException.class)
                .hasMessageContaining("broken.ldf line");
    }
}
