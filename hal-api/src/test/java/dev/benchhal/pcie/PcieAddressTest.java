package dev.benchhal.pcie;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcieAddressTest {

    @Test
    void printsTheCanonicalFormAndParsesItBack() {
        assertThat(new PcieAddress(0, 1, 0, 0)).hasToString("0000:01:00.0");
        assertThat(new PcieAddress(0xabcd, 0xfe, 0x1f, 7)).hasToString("abcd:fe:1f.7");
        for (PcieAddress a : new PcieAddress[] {new PcieAddress(0, 0, 0, 0), new PcieAddress(0xffff, 0xff, 0x1f, 7),
                new PcieAddress(0x10, 0x0a, 0x0b, 3)}) {
            assertThat(PcieAddress.parse(a.toString())).isEqualTo(a).hasSameHashCodeAs(a);
            assertThat(a.toString()).isEqualTo(String.format("%04x:%02x:%02x.%x", a.domain(), a.bus(), a.device(), a.function()));
        }
        assertThat(PcieAddress.parse("02:00.1")).isEqualTo(new PcieAddress(0, 2, 0, 1));
        assertThatThrownBy(() -> PcieAddress.parse("2:0.1")).hasMessageContaining("\"2:0.1\" is not a PCI address");
    }

    @Test
    void everyPartTellsAddressesApart() {
        Set<PcieAddress> seen = new HashSet<>();
        for (int domain : new int[] {0, 1}) {
            for (int bus = 0; bus < 4; bus++) {
                for (int device = 0; device < 4; device++) {
                    for (int function = 0; function < 8; function++) {
                        assertThat(seen.add(new PcieAddress(domain, bus, device, function))).isTrue();
                    }
                }
            }
        }
        assertThat(seen).hasSize(256).contains(new PcieAddress(1, 3, 3, 7));
        // radios differ in the bus alone: their hashes must differ in the low bits a hash table uses
        Set<Integer> buckets = new HashSet<>();
        for (int bus = 1; bus <= 64; bus++) {
            int h = new PcieAddress(0, bus, 0, 0).hashCode();
            buckets.add((h ^ (h >>> 16)) & 127);
        }
        assertThat(buckets).hasSizeGreaterThan(40);
        assertThat(new PcieAddress(0, 1, 0, 0)).isNotEqualTo(new PcieAddress(0, 0, 1, 0)).isNotEqualTo("0000:01:00.0");
        assertThat(new PcieAddress(0, 1, 0, 0).compareTo(new PcieAddress(0, 0, 0x1f, 7))).isPositive();
    }
}
