package dev.benchhal.tck.transport;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptedLineTransportTest {

    private final VirtualClock clock = VirtualClock.autoAdvancing();

    @Test
    void playsRepliesInOrder() {
        ScriptedLineTransport t = ScriptedLineTransport.builder().clock(clock)
                .expect("*IDN?").reply("OWON,SPE6103,1,FV:1")
                .expect("VOLT 12.000")
                .expect("VOLT?").reply("12.000")
                .build();
        assertThat(t.query("*IDN?", Duration.ofSeconds(1))).isEqualTo("OWON,SPE6103,1,FV:1");
        t.writeLine("VOLT 12.000");
        assertThat(t.readLine(Duration.ofMillis(50))).isEmpty();
        assertThat(t.query("VOLT?", Duration.ofSeconds(1))).isEqualTo("12.000");
        t.verify();
        assertThat(t.written()).containsExactly("*IDN?", "VOLT 12.000", "VOLT?");
    }

    @Test
    void unexpectedLineFailsAtOnceAndInVerify() {
        ScriptedLineTransport t = ScriptedLineTransport.builder().expect("VOLT 12.000").build();
        assertThatThrownBy(() -> t.writeLine("VOLT 13.000")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 1 (script line 1): expected \"VOLT 12.000\", got \"VOLT 13.000\"");
        assertThatThrownBy(t::verify).hasMessageContaining("got \"VOLT 13.000\"");
    }

    @Test
    void leftoverExpectationsFailVerify() {
        ScriptedLineTransport t = ScriptedLineTransport.builder().expect("OUTP OFF").expect("OUTP?").reply("OFF").build();
        t.writeLine("OUTP OFF");
        assertThatThrownBy(t::verify).hasMessageContaining("1 expected line(s) never written, first \"OUTP?\"");
    }

    @Test
    void lineAfterTheEndOfTheScriptFails() {
        ScriptedLineTransport t = ScriptedLineTransport.builder().build();
        assertThatThrownBy(() -> t.writeLine("*RST")).hasMessageContaining("after the end of the script");
    }

    @Test
    void slowReplyTimesOutInVirtualTimeAndArrivesLater() {
        ScriptedLineTransport t = ScriptedLineTransport.builder().clock(clock)
                .expect("MEAS:VOLT?").replyAfter(Duration.ofMillis(300), "11.998")
                .build();
        long start = clock.nanoTime();
        assertThatThrownBy(() -> t.query("MEAS:VOLT?", Duration.ofMillis(100))).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("MEAS:VOLT? got no reply within 100 ms");
        assertThat(clock.since(start)).isEqualTo(Duration.ofMillis(100));
        assertThat(t.readLine(Duration.ofSeconds(1))).contains("11.998");
        assertThat(clock.since(start)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void matchesPatternsAndDiscardsStaleInput() {
        ScriptedLineTransport t = ScriptedLineTransport.builder().clock(clock)
                .expectMatching("VOLT \\d+\\.\\d{3}").reply("stale")
                .build();
        t.writeLine("VOLT 5.000");
        t.discardInput();
        assertThat(t.readLine(Duration.ofMillis(10))).isEqualTo(Optional.empty());
        t.verify();
    }

    @Test
    void recordedSessionPlaysBack() {
        ScriptedLineTransport device = ScriptedLineTransport.builder().clock(clock)
                .expect("*IDN?").reply("OWON,SPE6103,1,FV:1")
                .expect("OUTP OFF")
                .build();
        RecordingLineTransport recorder = new RecordingLineTransport(device);
        recorder.query("*IDN?", Duration.ofSeconds(1));
        recorder.writeLine("OUTP OFF");
        String script = recorder.script();
        assertThat(script).isEqualTo("> *IDN?\n< OWON,SPE6103,1,FV:1\n> OUTP OFF\n");

        ScriptedLineTransport replay = ScriptedLineTransport.parse("# recorded on bench 3\n" + script, clock);
        assertThat(replay.query("*IDN?", Duration.ofSeconds(1))).isEqualTo("OWON,SPE6103,1,FV:1");
        replay.writeLine("OUTP OFF");
        replay.verify();
    }

    @Test
    void parsedDelaysAndErrorsAreReported() {
        ScriptedLineTransport t = ScriptedLineTransport.parse("> MEAS?\n~ 250ms\n< 1.0\n", clock);
        long start = clock.nanoTime();
        assertThat(t.query("MEAS?", Duration.ofSeconds(1))).isEqualTo("1.0");
        assertThat(clock.since(start)).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> ScriptedLineTransport.parse("< orphan\n", clock)).hasMessageContaining("line 1: a reply before");
        assertThatThrownBy(() -> ScriptedLineTransport.parse(">nospace\n", clock)).hasMessageContaining("line 1: expected '> '");
    }
}
