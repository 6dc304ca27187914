package dev.benchhal.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Boards found on this machine's USB buses (the seed's tentacles as they are plugged in): every USB device whose
 * vendor and product ids a rule names becomes a board of that rule's type, its id the device's serial number (the
 * last {@code serialDigits} characters of it, as the seed's {@code 5f2c}). Read from sysfs
 * ({@code /sys/bus/usb/devices/*}: {@code idVendor}, {@code idProduct}, {@code serial}): no native code, no
 * permissions beyond reading sysfs. {@link #watch} reports boards plugged in and unplugged while a lab runs.
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

    /** What a {@link #watch} reports. Called on the watch's thread, one call at a time. */
    public interface Listener {
        /**
         * A board was plugged in.
         *
         * @param board the board, as {@link #discover} names it
         */
        void appeared(Board board);

        /**
         * A board was unplugged.
         *
         * @param board the board as it appeared
         */
        void gone(Board board);
    }

    /**
     * Watches the USB buses for boards plugged in and unplugged: scans every {@code every} (sysfs has no change
     * notification) and reports the difference to the last scan. Boards in {@code known} are the starting point and are
     * reported when they go. A scan that fails is logged and skipped.
     *
     * @param devices  the USB devices directory ({@link #SYSFS}, or a copy of its shape)
     * @param rules    which devices are boards
     * @param every    time between scans, at least 10 ms
     * @param known    the boards found so far (by the lab file's own scan); not reported again
     * @param listener told of every change, on the watch's daemon thread
     * @return the watch; close it to stop (waits for a scan in progress)
     * @throws IllegalArgumentException when {@code every} is below 10 ms
     */
    public static Watch watch(Path devices, List<Rule> rules, Duration every, Collection<Board> known, Listener listener) {
        if (every.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("USB watch interval " + every + ": expected at least 10 ms");
        }
        return new Watch(devices, List.copyOf(rules), every, known, listener);
    }

    /** A running {@link #watch}. Thread-safe. */
    public static final class Watch implements AutoCloseable {
        private final ScheduledExecutorService scans;
        private final Map<String, Board> seen = new LinkedHashMap<>();

        private Watch(Path devices, List<Rule> rules, Duration every, Collection<Board> known, Listener listener) {
            known.forEach(b -> seen.put(b.id(), b));
            scans = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "usb-boards-watch");
                t.setDaemon(true);
                return t;
            });
            // scan() catches what it throws, so the schedule never ends by itself: the future is not needed
            var unused = scans.scheduleWithFixedDelay(() -> scan(devices, rules, listener), every.toNanos(), every.toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        private void scan(Path devices, List<Rule> rules, Listener listener) {
            try {
                Map<String, Board> now = new LinkedHashMap<>();
                discover(devices, rules).forEach(b -> now.put(b.id(), b));
                for (Board b : new ArrayList<>(seen.values())) {
                    if (!now.containsKey(b.id())) {
                        seen.remove(b.id());
                        LOG.info("board {} ({}) unplugged", b.id(), b.type());
                        listener.gone(b);
                    }
                }
                for (Board b : now.values()) {
                    if (seen.putIfAbsent(b.id(), b) == null) {
                        LOG.info("board {} ({}) plugged in", b.id(), b.type());
                        listener.appeared(b);
                    }
                }
            } catch (RuntimeException e) {
                // the next scan tries again: a watch that dies stops seeing boards without a word
                LOG.warn("scanning {} for boards failed: {}", devices, e.toString());
            }
        }

        /** Stops watching; a scan in progress finishes first. */
        @Override
        public void close() {
            scans.shutdown();
            try {
                if (!scans.awaitTermination(10, TimeUnit.SECONDS)) {
                    scans.shutdownNow();
                }
            } catch (InterruptedException e) {
                scans.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
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
