package dev.benchhal.lin.ldf.flash;

import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntelHexTest {

    /** A record with its checksum computed: the test data says what it means, not which bytes sum to zero. */
    private static String record(int type, int offset, int... data) {
        StringBuilder sb = new StringBuilder(":");
        int sum = data.length + (offset >> 8) + (offset & 0xFF) + type;
        sb.append(String.format(Locale.ROOT, "%02X%04X%02X", data.length, offset, type));
        for (int b : data) {
            sb.append(String.format(Locale.ROOT, "%02X", b));
            sum += b;
        }
        return sb.append(String.format(Locale.ROOT, "%02X", (-sum) & 0xFF)).append('\n').toString();
    }

    private static final String EOF = ":00000001FF\n";

    @Test
    void readsDataAcrossExtendedAddressesIntoContiguousSegments() {
        String text = record(0x04, 0, 0x00, 0x01)                 // upper 16 bits: 0x0001xxxx
                + record(0x00, 0x0000, 0x01, 0x02, 0x03)
                + record(0x00, 0x0003, 0x04)                        // contiguous with the first
                + record(0x00, 0x0100, 0xAA, 0xBB)                  // a gap before it
                + record(0x02, 0, 0x10, 0x00)                       // segment base 0x1000 << 4 = 0x10000
                + record(0x00, 0x0200, 0xCC)
                + record(0x05, 0, 0x00, 0x01, 0x00, 0x00)
                + EOF;
        IntelHex image = IntelHex.parse(text, "app.hex");
        assertThat(image.segments()).hasSize(3);
        assertThat(image.segments().get(0).address()).isEqualTo(0x10000);
        assertThat(image.segments().get(0).data()).containsExactly(1, 2, 3, 4);
        assertThat(image.segments().get(1).address()).isEqualTo(0x10100);
        assertThat(image.segments().get(2).address()).isEqualTo(0x10200);
        assertThat(image.size()).isEqualTo(7);
        assertThat(image.byteAt(0x10101)).contains((byte) 0xBB);
        assertThat(image.byteAt(0x10004)).isEmpty();
        assertThat(image.startAddress()).hasValue(0x10000);
        // the well-known one-record example of the format, with Windows line ends
        assertThat(IntelHex.parse(":0B0010006164647265737320676170A7\r\n:00000001FF\r\n", "x.hex").byteAt(0x10))
                .contains((byte) 'a');
    }

    @Test
    void everyBrokenRecordIsAnErrorNamingTheLine() {
        String good = record(0x00, 0, 0x01, 0x02);
        assertThatThrownBy(() -> IntelHex.parse(good.replace("\n", "") + "00\n" + EOF, "a.hex"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a.hex line 1").hasMessageContaining("byte count 2 but 3 data bytes");
        String badSum = good.substring(0, good.length() - 3) + "00\n";
        assertThatThrownBy(() -> IntelHex.parse(badSum + EOF, "a.hex"))
                .hasMessageContaining("a.hex line 1").hasMessageContaining("checksum 0x00, expected 0x");
        assertThatThrownBy(() -> IntelHex.parse(good, "cut.hex"))
                .hasMessageContaining("no end-of-file record");
        assertThatThrownBy(() -> IntelHex.parse(good + EOF + good, "a.hex"))
                .hasMessageContaining("line 3").hasMessageContaining("a record after the end-of-file record");
        assertThatThrownBy(() -> IntelHex.parse(good + record(0x00, 1, 0x09) + EOF, "a.hex"))
                .hasMessageContaining("line 2").hasMessageContaining("address 0x00000001 is written twice (first at line 1)");
        assertThatThrownBy(() -> IntelHex.parse("0200000001022F\n" + EOF, "a.hex"))
                .hasMessageContaining("starts with ':'");
        assertThatThrownBy(() -> IntelHex.parse(":02000000GG02FF\n" + EOF, "a.hex")).hasMessageContaining("not hex digits");
        assertThatThrownBy(() -> IntelHex.parse(record(0x07, 0) + EOF, "a.hex")).hasMessageContaining("unknown record type 0x07");
        assertThatThrownBy(() -> IntelHex.parse(record(0x04, 0, 0x01) + EOF, "a.hex"))
                .hasMessageContaining("an extended address record has 2 data bytes, not 1");
    }
}
