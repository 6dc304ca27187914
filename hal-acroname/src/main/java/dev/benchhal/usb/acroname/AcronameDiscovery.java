package dev.benchhal.usb.acroname;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds Acroname hubs among USB devices: the BrainStem control device (vendor 0x24FF, product id
 * = model code, below 0x8000) with its serial number, paired with the hub chip (product id
 * {@code 0x8000 | model}) that sits closest to it on the same bus (the longest shared port path).
 */
public final class AcronameDiscovery {

    private AcronameDiscovery() {
    }

    /**
     * A hub found on the bus.
     *
     * @param model      the model
     * @param serial     serial number (8 hex digits), {@code null} when the device could not be opened
     * @param controlPath sysfs path of the BrainStem control device ({@code 1-4.2})
     * @param hubPath    sysfs path of the hub chip, {@code null} when none was found
     */
    public record FoundHub(AcronameModel model, String serial, String controlPath, String hubPath) {

        /** @return the URI that opens this hub, when its serial is known */
        public Optional<String> uri() {
            return serial == null ? Optional.empty()
                    : Optional.of("acroname:usb:" + serial + "?model=" + model.sdkName());
        }
    }

    /**
     * @param devices every USB device on the machine
     * @return the Acroname hubs among them, in bus order
     */
    public static List<FoundHub> pair(List<UsbDeviceRecord> devices) {
        List<FoundHub> hubs = new ArrayList<>();
        for (UsbDeviceRecord control : devices) {
            if (control.vendorId() != AcronameModel.VENDOR_ID || control.productId() >= 0x8000) {
                continue;
            }
            Optional<AcronameModel> model = AcronameModel.byCode(control.productId());
            if (model.isEmpty()) {
                continue;
            }
            UsbDeviceRecord chip = null;
            int best = -1;
            for (UsbDeviceRecord candidate : devices) {
                if (candidate.vendorId() == AcronameModel.VENDOR_ID && candidate.bus() == control.bus()
                        && candidate.productId() == model.get().hubChipProductId()) {
                    int shared = sharedPrefix(candidate.ports(), control.ports());
                    if (shared > best) {
                        best = shared;
                        chip = candidate;
                    }
                }
            }
            String serial = control.serial() == null ? null : control.serial().strip().toUpperCase(java.util.Locale.ROOT);
            if (serial != null && !AcronameSettings.SERIAL.matcher(serial).matches()) {
                serial = null;
            }
            hubs.add(new FoundHub(model.get(), serial, control.path(), chip == null ? null : chip.path()));
        }
        return hubs;
    }

    private static int sharedPrefix(List<Integer> a, List<Integer> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return n;
    }
}
