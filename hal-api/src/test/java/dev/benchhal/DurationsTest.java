package dev.benchhal;

import dev.benchhal.util.Durations;
import dev.benchhal.util.Hex;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesHumanAndIsoForms() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("100us")).isEqualTo(Duration.ofNanos(100_000));
        assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> Durations.parse("5")).hasMessageContaining("\"5\" is not a duration");
        assertThatThrownBy(() -> Durations.parse("-PT5S")).hasMessageContaining("not a duration");
    }

    @Test
    void formatsForPeople() {
        assertThat(Durations.format(Duration.ofMillis(52))).isEqualTo("52 ms");
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Durations.format(Duration.ofSeconds(150))).isEqualTo("2 min 30 s");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(Durations.format(Duration.ofMinutes(95))).isEqualTo("1 h 35 min");
    }

    @Test
    void hexRoundTrips() {
        assertThat(Hex.format(Hex.parse("7F06b2"))).isEqualTo("7F 06 B2");
        assertThatThrownBy(() -> Hex.parse("7G")).hasMessageContaining("not hex bytes: \"7G\"");
    }
}
