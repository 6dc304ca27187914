package dev.benchhal.usb.acroname;

import dev.benchhal.spi.DriverContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcronameDiscoveryTest {

    @Test
    void pairsEachControlDeviceWithTheNearestHubChip() {
        List<UsbDeviceRecord> bus = List.of(
                new UsbDeviceRecord(1, List.of(4), 0x24FF, 0x8013, null),            // USBHub3+ hub chip
                new UsbDeviceRecord(1, List.of(4, 4), 0x24FF, 0x8013, null),         // its second internal hub
                new UsbDeviceRecord(1, List.of(4, 4, 1), 0x24FF, 0x0013, "bfabddc4"),// BrainStem control device
                new UsbDeviceRecord(2, List.of(1), 0x24FF, 0x8011, null),
                new UsbDeviceRecord(2, List.of(1, 3), 0x24FF, 0x0011, null),         // serial unreadable (no access)
                new UsbDeviceRecord(1, List.of(2), 0x046D, 0xC52B, "x"));            // a mouse
        List<AcronameDiscovery.FoundHub> hubs = AcronameDiscovery.pair(bus);
        assertThat(hubs).hasSize(2);
        assertThat(hubs.get(0).model()).isEqualTo(AcronameModel.USBHUB3P);
        assertThat(hubs.get(0).serial()).isEqualTo("BFABDDC4");
        assertThat(hubs.get(0).controlPath()).isEqualTo("1-4.4.1");
        assertThat(hubs.get(0).hubPath()).isEqualTo("1-4.4");
        assertThat(hubs.get(0).uri()).contains("acroname:usb:BFABDDC4?model=USBHub3p");
        assertThat(hubs.get(1).model()).isEqualTo(AcronameModel.USBHUB2X4);
        assertThat(hubs.get(1).serial()).isNull();
        assertThat(hubs.get(1).uri()).isEmpty();
    }

    @Test
    void noHubsOrNoUsbSubsystemIsAnEmptyResultNotAnError() {
        // this machine (and CI) has no Acroname hub, and possibly no USB at all
        assertThat(new AcronameProvider().discover(DriverContext.standalone())).isEmpty();
        assertThat(AcronameDiscovery.pair(List.of())).isEmpty();
    }
}
