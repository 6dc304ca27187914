package dev.benchhal.psu.owon;

import dev.benchhal.error.NotFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the port a supply is on, as the seed's {@code resolve_port} does: the configured port as
 * given; then its cross-platform translation ({@code COMn} is {@code /dev/ttyS(n-1)} under WSL, and
 * back); then the USB serial adapters ({@code /dev/ttyUSB*}, {@code /dev/ttyACM*}) with the USB ids
 * sysfs gives them. Each candidate is probed with {@code *IDN?} and must contain the optional IDN
 * substring. When none answers, the error lists every port tried and what happened there.
 */
public final class PortResolver {

    private static final Pattern COM = Pattern.compile("(?i)COM(\\d+)");
    private static final Pattern TTYS = Pattern.compile("/dev/ttyS(\\d+)");

    private PortResolver() {
    }

    /**
     * A port to try.
     *
     * @param port the port name to open
     * @param why  why it is a candidate ({@code configured}, {@code WSL translation of COM7}, {@code USB 1a86:7523 ...})
     */
    public record Candidate(String port, String why) {
    }

    /**
     * @param configured the port the configuration names, empty for none
     * @param devices    the device directory ({@code /dev})
     * @param sysTty     sysfs's tty class ({@code /sys/class/tty})
     * @return the ports to try, in order, without repeats
     */
    public static List<Candidate> candidates(Optional<String> configured, Path devices, Path sysTty) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        configured.ifPresent(port -> {
            out.put(port, new Candidate(port, "configured"));
            Matcher com = COM.matcher(port);
            Matcher ttys = TTYS.matcher(port);
            if (com.matches()) {
                String wsl = devices.resolve("ttyS" + (Integer.parseInt(com.group(1)) - 1)).toString();
                out.putIfAbsent(wsl, new Candidate(wsl, "WSL translation of " + port));
            } else if (ttys.matches()) {
                String com2 = "COM" + (Integer.parseInt(ttys.group(1)) + 1);
                out.putIfAbsent(com2, new Candidate(com2, "Windows name of " + port));
            }
        });
        List<Path> adapters = new ArrayList<>();
        try (Stream<Path> list = Files.list(devices)) {
            list.filter(p -> p.getFileName().toString().matches("tty(USB|ACM)\\d+")).sorted().forEach(adapters::add);
        } catch (IOException e) {
            // no device directory: no adapters
        }
        for (Path adapter : adapters) {
            out.putIfAbsent(adapter.toString(), new Candidate(adapter.toString(), usbIds(sysTty, adapter.getFileName().toString())));
        }
        return List.copyOf(out.values());
    }

    /** The USB ids and names of a tty's adapter from sysfs, for messages: {@code USB 1a86:7523 QinHeng CH340}. */
    static String usbIds(Path sysTty, String tty) {
        try {
            Path dir = sysTty.resolve(tty).resolve("device").toRealPath();
            for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
                if (Files.exists(dir.resolve("idVendor"))) {
                    String text = "USB " + read(dir, "idVendor") + ":" + read(dir, "idProduct");
                    String name = (read(dir, "manufacturer") + " " + read(dir, "product")).strip();
                    String serial = read(dir, "serial");
                    return text + (name.isEmpty() ? "" : " " + name) + (serial.isEmpty() ? "" : " serial " + serial);
                }
            }
        } catch (IOException e) {
            // no sysfs entry
        }
        return "USB serial adapter";
    }

    private static String read(Path dir, String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Probes the candidates in order.
     *
     * @param candidates  ports to try
     * @param probe       opens a port, asks {@code *IDN?} and closes it: the answer, or an exception saying why not
     * @param idnContains a text the identity must contain (case-insensitive), empty for any
     * @param source      for the error message
     * @return the first candidate whose identity matches
     * @throws NotFoundException listing every port tried and what it answered
     */
    public static Candidate resolve(List<Candidate> candidates, Function<String, String> probe, Optional<String> idnContains,
                                    String source) {
        List<String> tried = new ArrayList<>();
        for (Candidate c : candidates) {
            String idn;
            try {
                idn = probe.apply(c.port());
            } catch (RuntimeException e) {
                tried.add(c.port() + " (" + c.why() + "): " + e.getMessage());
                continue;
            }
            if (idnContains.isEmpty() || idn.toLowerCase(Locale.ROOT).contains(idnContains.get().toLowerCase(Locale.ROOT))) {
                return c;
            }
            tried.add(c.port() + " (" + c.why() + "): answered \"" + idn + "\", without \"" + idnContains.get() + "\"");
        }
        throw new NotFoundException(source, "no supply found" + idnContains.map(s -> " answering \"" + s + "\"").orElse("")
                + (tried.isEmpty() ? ": no port to try (none configured, no USB serial adapter)" : "; tried " + String.join("; ", tried)));
    }
}
