package dev.benchhal.usb.acroname;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the machine's USB devices with libusb (usb4java). Any failure (no USB subsystem, no
 * native library for this platform, usb4java on the module path where its native loader fails)
 * gives an empty list and a log line: discovery that finds nothing is not an error.
 */
final class UsbBusScan {

    private static final Logger LOG = LoggerFactory.getLogger(UsbBusScan.class);

    private UsbBusScan() {
    }

    static List<UsbDeviceRecord> devices() {
        try {
            return scan();
        } catch (LinkageError | RuntimeException e) {
            LOG.info("USB discovery unavailable ({}); usb4java needs its native library on the classpath", e.toString());
            return List.of();
        }
    }

    private static List<UsbDeviceRecord> scan() {
        Context context = new Context();
        int result = LibUsb.init(context);
        if (result != LibUsb.SUCCESS) {
            LOG.info("USB discovery: libusb init failed: {}", LibUsb.strError(result));
            return List.of();
        }
        List<UsbDeviceRecord> out = new ArrayList<>();
        DeviceList list = new DeviceList();
        try {
            int count = LibUsb.getDeviceList(context, list);
            if (count < 0) {
                LOG.info("USB discovery: cannot list devices: {}", LibUsb.strError(count));
                return List.of();
            }
            try {
                for (Device device : list) {
                    DeviceDescriptor descriptor = new DeviceDescriptor();
                    if (LibUsb.getDeviceDescriptor(device, descriptor) != LibUsb.SUCCESS) {
                        continue;
                    }
                    int vendor = descriptor.idVendor() & 0xFFFF;
                    int product = descriptor.idProduct() & 0xFFFF;
                    ByteBuffer path = ByteBuffer.allocateDirect(8);
                    int depth = Math.max(0, LibUsb.getPortNumbers(device, path));
                    List<Integer> ports = new ArrayList<>(depth);
                    for (int i = 0; i < depth; i++) {
                        ports.add(path.get(i) & 0xFF);
                    }
                    String serial = null;
                    if (vendor == AcronameModel.VENDOR_ID && product < 0x8000 && descriptor.iSerialNumber() != 0) {
                        serial = readSerial(device, descriptor.iSerialNumber());
                    }
                    out.add(new UsbDeviceRecord(LibUsb.getBusNumber(device), ports, vendor, product, serial));
                }
            } finally {
                LibUsb.freeDeviceList(list, true);
            }
        } finally {
            LibUsb.exit(context);
        }
        return out;
    }

    private static String readSerial(Device device, byte index) {
        DeviceHandle handle = new DeviceHandle();
        int result = LibUsb.open(device, handle);
        if (result != LibUsb.SUCCESS) {
            LOG.warn("Acroname control device on bus {}: cannot open it to read its serial ({}); install the udev rule "
                    + "(docs/drivers/acroname.md)", LibUsb.getBusNumber(device), LibUsb.strError(result));
            return null;
        }
        try {
            return LibUsb.getStringDescriptor(handle, index);
        } finally {
            LibUsb.close(handle);
        }
    }
}
