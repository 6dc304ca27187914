package dev.benchhal.usb.acroname;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Acroname hub models: BrainStem model code, USB product id of the control device, port count. */
public enum AcronameModel {
    /** USBHub2x4: 4 ports, control device 24ff:0011, hub chip 24ff:8011 */
    USBHUB2X4("USBHub2x4", 0x11, 4),
    /** USBHub3+: 8 ports, control device 24ff:0013, hub chip 24ff:8013 */
    USBHUB3P("USBHub3p", 0x13, 8),
    /** USBHub3c: 8 ports (6 = control port, 7 = power-C port), control device 24ff:0018 (likely) */
    USBHUB3C("USBHub3c", 0x18, 8);

    /** Acroname's USB vendor id. */
    public static final int VENDOR_ID = 0x24FF;

    private final String sdkName;
    private final int code;
    private final int ports;

    AcronameModel(String sdkName, int code, int ports) {
        this.sdkName = sdkName;
        this.code = code;
        this.ports = ports;
    }

    /** @return the SDK's class name ({@code USBHub3p}), also used in URIs */
    public String sdkName() {
        return sdkName;
    }

    /** @return the BrainStem model code, which is also the control device's USB product id */
    public int code() {
        return code;
    }

    /** @return the USB product id of the hub chip beside the control device */
    public int hubChipProductId() {
        return 0x8000 | code;
    }

    /** @return the number of ports the SDK addresses */
    public int ports() {
        return ports;
    }

    /**
     * @param name an SDK class name, any case ({@code USBHub3p}, {@code usbhub2x4})
     * @return the model
     */
    public static Optional<AcronameModel> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.sdkName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /**
     * @param code a BrainStem model code or control-device product id
     * @return the model
     */
    public static Optional<AcronameModel> byCode(int code) {
        return Arrays.stream(values()).filter(m -> m.code == code).findFirst();
    }
}
