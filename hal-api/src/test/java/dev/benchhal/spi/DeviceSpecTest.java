package dev.benchhal.spi;

import dev.benchhal.DeviceUri;
import dev.benchhal.Secret;
import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceSpecTest {

    @Test
    void mergesUriParametersAndOptions() {
        DeviceSpec s = new DeviceSpec(DeviceUri.parse("owon:sim:SPE6103?baud=9600"), Map.of("idn", "SPE"), "psu");
        assertThat(s.options()).containsEntry("baud", "9600").containsEntry("idn", "SPE");
        assertThat(s.intOption("baud", 115200)).isEqualTo(9600);
        assertThat(s.intOption("missing", 7)).isEqualTo(7);
        assertThat(s.label()).isEqualTo("psu (owon:sim:SPE6103?baud=9600)");
    }

    @Test
    void refusesConflictingValuesForOneOption() {
        assertThatThrownBy(() -> new DeviceSpec(DeviceUri.parse("x:?baud=1"), Map.of("baud", "2"), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("\"baud\" is 1 in the URI but 2 in the options");
    }

    @Test
    void typedGettersNameTheOptionAndTheExpectedForm() {
        DeviceSpec s = DeviceSpec.of("x:?n=abc&b=maybe&d=5parsecs&t=250ms&f=1.5&on=yes");
        assertThatThrownBy(() -> s.intOption("n", 0)).hasMessageContaining("option n=abc: expected an integer");
        assertThatThrownBy(() -> s.booleanOption("b", false)).hasMessageContaining("expected true or false");
        assertThatThrownBy(() -> s.durationOption("d", Duration.ZERO)).hasMessageContaining("expected a duration");
        assertThat(s.durationOption("t", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.doubleOption("f", 0)).isEqualTo(1.5);
        assertThat(s.booleanOption("on", false)).isTrue();
    }

    @Test
    void unknownOptionsAreReportedWithTheKnownOnes() {
        DeviceSpec s = DeviceSpec.of("owon:sim:X?buad=9600");
        assertThatThrownBy(() -> s.requireKnownOptions(Set.of("baud", "idn")))
                .hasMessageContaining("unknown option [buad]").hasMessageContaining("knows [baud, idn]");
    }

    @Test
    void inlineSecretsAreRefused() {
        assertThatThrownBy(() -> DeviceSpec.of("ssh://rig?passphrase=x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("passphraseEnv");
    }

    @Test
    void secretsComeFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pass.txt"), "s3cret\nsecond line\n");
        DriverContext ctx = new TestContext(dir, Map.of("KEY_PASS", "fromenv"));
        Secret fromEnv = ctx.secret(DeviceSpec.of("ssh://rig?passphraseEnv=KEY_PASS"), "passphrase").orElseThrow();
        assertThat(new String(fromEnv.chars())).isEqualTo("fromenv");
        assertThat(fromEnv.toString()).doesNotContain("fromenv").contains("env KEY_PASS");
        Secret fromFile = ctx.secret(DeviceSpec.of("ssh://rig?passphraseFile=pass.txt"), "passphrase").orElseThrow();
        assertThat(new String(fromFile.chars())).isEqualTo("s3cret");
        assertThat(ctx.secret(DeviceSpec.of("ssh://rig"), "passphrase")).isEmpty();
        assertThatThrownBy(() -> ctx.secret(DeviceSpec.of("ssh://rig?passphraseEnv=NOPE"), "passphrase"))
                .hasMessageContaining("NOPE, which is not set");
    }

    private record TestContext(Path baseDirectory, Map<String, String> environment) implements DriverContext {
        @Override
        public dev.benchhal.time.BenchClock clock() {
            return dev.benchhal.time.BenchClock.system();
        }

        @Override
        public <T extends dev.benchhal.Device> T device(String role, Class<T> family) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.benchhal.safety.SafetyNet safetyNet() {
            throw new UnsupportedOperationException("secrets need no safety net");
        }

        @Override
        public Map<String, Object> topology() {
            return Map.of();
        }
    }
}
