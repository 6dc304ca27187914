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
     * A hub the BrainStem SDK found.
     *
     * @param serial    serial number, 8 upper-case hex digits
     * @param modelCode the model code the SDK reported
     */
    public record SdkHub(String serial, int modelCode) {

        /** @return the model, empty for a model code this driver does not know */
        public Optional<AcronameModel> model() {
            return AcronameModel.byCode(modelCode);
        }

        /** @return the model's SDK name, or {@code model-CODE} for an unknown one */
        public String modelName() {
            return model().map(AcronameModel::sdkName).orElse("model-" + modelCode);
        }

        /** @return the model's port count, 0 for an unknown model */
        public int ports() {
            return model().map(AcronameModel::ports).orElse(0);
        }
    }

    /**
     * What discovery found on one machine (the seed's {@code test_acroname_usb_discovery.py} row).
     *
     * @param host             the machine, as its shell names it
     * @param brainstemVersion the SDK's version there ({@code brainstem.__version__}), or how the hubs were found
     * @param hubs             the hubs, in the SDK's order
     */
    public record SdkInventory(String host, String brainstemVersion, List<SdkHub> hubs) {

        /**
         * Freezes the list.
         *
         * @param host             the machine, as its shell names it
         * @param brainstemVersion the SDK's version there ({@code brainstem.__version__}), or how the hubs were found
         * @param hubs             the hubs, in the SDK's order
         */
        public SdkInventory {
            hubs = List.copyOf(hubs);
        }
    }

    /**
     * Lists the hubs Acroname's SDK finds on a machine, through its shell ({@code local:} for this one): the seed's
     * {@code usb=local} and {@code usb=remote}. Blocks for the SDK's start and discovery.
     *
     * @param shell      the machine
     * @param python     its interpreter with the SDK
     * @param pythonPath a package directory on it, empty for none
     * @param timeout    how long the SDK may take (start and discovery, about seconds on real hubs)
     * @return the SDK's version and the hubs
     * @throws dev.benchhal.error.HalException when the SDK is missing there (naming the package to install), fails,
     *                                         or takes longer than the timeout
     */
    public static SdkInventory withSdk(dev.benchhal.shell.HostShell shell, String python, Optional<String> pythonPath,
                                       java.time.Duration timeout) {
        return RemoteHubLink.discover(shell, python, pythonPath, timeout);
    }

    /**
     * Lists the hubs on this machine's USB buses without the SDK (libusb through usb4java, classpath only); hubs whose
     * serial cannot be read (no udev rule) are left out, with a log line from the scan.
     *
     * @return the hubs found, with {@code "none (USB bus scan)"} as the SDK version
     */
    public static SdkInventory onThisMachine() {
        List<SdkHub> hubs = new ArrayList<>();
        for (FoundHub hub : pair(UsbBusScan.devices())) {
            if (hub.serial() != null) {
                hubs.add(new SdkHub(hub.serial(), hub.model().code()));
            }
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return new SdkInventory(host, "none (USB bus scan)", hubs);
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
