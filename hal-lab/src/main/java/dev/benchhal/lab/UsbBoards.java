package dev.benchhal.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Boards found on this machine's USB buses (the seed's tentacles as they are plugged in): every USB device whose
 * vendor and product ids a rule names becomes a board of that rule's type, its id the device's serial number (the
 * last {@code serialDigits} characters of it, as the seed's {@code 5f2c}). Read from sysfs
 * ({@code /sys/bus/usb/devices/*}: {@code idVendor}, {@code idProduct}, {@code serial}): no native code, no
 * permissions beyond reading sysfs.
 */
public final class UsbBoards {

    /** Where Linux lists the USB devices. */
    public static final Path SYSFS = Path.of("/sys/bus/usb/devices");

    private static final Logger LOG = LoggerFactory.getLogger(UsbBoards.class);
    private static final Pattern HEX4 = Pattern.compile("[0-9a-f]{4}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private UsbBoards() {
    }

    /**
     * Which USB devices are boards, and of which type.
     *
     * @param vendor       the vendor id, 4 hex digits ({@code 2e8a})
     * @param product      the product id, 4 hex digits; empty for any product of the vendor
     * @param type         the board type the device is
     * @param capabilities the board's capabilities
     * @param serialDigits how many trailing characters of the serial number make the board's id; 0 for all of it
     */
    public record Rule(String vendor, Optional<String> product, String type, Set<String> capabilities, int serialDigits) {

        /**
         * Validates the ids.
         *
         * @param vendor       the vendor id, 4 hex digits ({@code 2e8a})
         * @param product      the product id, 4 hex digits; empty for any product of the vendor
         * @param type         the board type the device is
         * @param capabilities the board's capabilities
         * @param serialDigits how many trailing characters of the serial number make the board's id; 0 for all of it
         */
        public Rule {
            vendor = vendor.toLowerCase(Locale.ROOT);
            product = product.map(p -> p.toLowerCase(Locale.ROOT));
            if (!HEX4.matcher(vendor).matches()) {
                throw new IllegalArgumentException("vendor id \"" + vendor + "\": expected 4 hex digits such as 2e8a");
            }
            product.filter(p -> !HEX4.matcher(p).matches()).ifPresent(p -> {
                throw new IllegalArgumentException("product id \"" + p + "\": expected 4 hex digits such as 0005");
            });
            capabilities = Set.copyOf(capabilities);
            if (serialDigits < 0) {
                throw new IllegalArgumentException("serialDigits must not be negative, got " + serialDigits);
            }
        }

        boolean matches(String vendorId, String productId) {
            return vendor.equals(vendorId) && product.map(productId::equals).orElse(true);
        }
    }

    /**
     * Lists the boards the rules find among the USB devices; a device without a serial number is named by its bus
     * path ({@code 1-4.2}). Blocks for the sysfs reads.
     *
     * @param devices the USB devices directory ({@link #SYSFS}, or a copy of its shape)
     * @param rules   which devices are boards; the first rule that matches decides
     * @return the boards, in bus order; empty when the directory does not exist (no USB here)
     */
    public static List<Board> discover(Path devices, List<Rule> rules) {
        List<Board> boards = new ArrayList<>();
        if (!Files.isDirectory(devices)) {
            LOG.info("no USB devices directory {}: no boards discovered", devices);
            return boards;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(devices)) {
            listing.forEach(entries::add);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", devices, e.toString());
            return boards;
        }
        entries.sort(null);
        for (Path device : entries) {
            Optional<String> vendor = attribute(device, "idVendor");
            Optional<String> product = attribute(device, "idProduct");
            if (vendor.isEmpty() || product.isEmpty()) {
                continue;   // an interface (1-4.2:1.0), not a device
            }
            for (Rule rule : rules) {
                if (rule.matches(vendor.get().toLowerCase(Locale.ROOT), product.get().toLowerCase(Locale.ROOT))) {
                    String id = attribute(device, "serial").map(s -> rule.serialDigits() > 0 && s.length() > rule.serialDigits()
                            ? s.substring(s.length() - rule.serialDigits()) : s).orElse(device.getFileName().toString());
                    boards.add(new Board(UNSAFE.matcher(id).replaceAll("_").toLowerCase(Locale.ROOT), rule.type(), rule.capabilities()));
                    break;
                }
            }
        }
        return boards;
    }

    private static Optional<String> attribute(Path device, String name) {
        try {
            String value = Files.readString(device.resolve(name), StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("{}/{}: {}", device, name, e.toString());
            return Optional.empty();
        }
    }
}
