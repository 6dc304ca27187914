package dev.benchhal.pcie.sysfs;

import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders devices as {@code lspci -tv} does, line for line, so the dump reads the same whether
 * lspci ran or not and a simulated tree looks like a real one. As lspci, it places devices on
 * buses by the bridges' bus ranges (not by sysfs parents), lists root buses other than
 * {@code 0000:00} newest first, and draws with {@code +-}, {@code |}, {@code \-}.
 */
public final class LspciTree {

    private final List<PcieDevice> devices;
    private final Function<PcieDevice, String> name;
    private final Bridge host = new Bridge(null, 0, 0, 0xFF);
    private final List<Bridge> bridges = new ArrayList<>();
    private final List<String> out = new ArrayList<>();

    private LspciTree(List<PcieDevice> devices, Map<PcieAddress, BusRange> ranges, Function<PcieDevice, String> name) {
        this.devices = devices.stream().sorted((a, b) -> a.address().compareTo(b.address())).toList();
        this.name = name;
        for (PcieDevice d : this.devices) {
            BusRange r = ranges.get(d.address());
            if (r != null) {
                bridges.add(new Bridge(d, d.address().domain(), r.secondary(), r.subordinate()));
            }
        }
        host.buses.add(new Bus(0, 0));
        for (Bridge b : bridges) {
            if (b.find(b.domain, b.secondary) == null) {
                b.buses.add(0, new Bus(b.domain, b.secondary));
            }
        }
        for (PcieDevice d : this.devices) {
            insert(d);
        }
    }

    /**
     * @param devices every device
     * @param ranges  bus ranges of the bridges ({@link Topology#bridges})
     * @param name    the text after each leaf device, {@code ""} for {@code lspci -t}
     * @return the lines
     */
    public static List<String> render(List<PcieDevice> devices, Map<PcieAddress, BusRange> ranges, Function<PcieDevice, String> name) {
        LspciTree t = new LspciTree(devices, ranges, name);
        Line line = new Line();
        t.bridge(t.host, line, 0);
        return t.out;
    }

    private void insert(PcieDevice d) {
        int domain = d.address().domain();
        int bus = d.address().bus();
        Bridge into = host;
        Bus found = host.find(domain, bus);
        if (found == null) {
            // the most recently listed bridge covering the bus is the deepest one (lspci's order)
            for (int i = bridges.size() - 1; i >= 0; i--) {
                Bridge b = bridges.get(i);
                if (b.domain == domain && b.secondary <= bus && bus <= b.subordinate) {
                    into = b;
                    break;
                }
            }
            found = into.find(domain, bus);
            if (found == null) {
                found = new Bus(domain, bus);
                into.buses.add(0, found);
            }
        }
        found.devices.add(d);
    }

    private void bridge(Bridge b, Line line, int at) {
        int p = line.put(at, "-");
        if (b.buses.size() == 1) {
            Bus only = b.buses.get(0);
            if (b == host) {
                p = line.put(p, String.format("[%04x:%02x]-", only.domain, only.number));
            }
            bus(only, line, p);
            return;
        }
        for (int i = 0; i < b.buses.size(); i++) {
            Bus u = b.buses.get(i);
            String mark = i < b.buses.size() - 1 ? "+-" : "\\-";
            int k = line.put(p, String.format("%s[%04x:%02x]-", mark, u.domain, u.number));
            bus(u, line, k);
        }
    }

    private void bus(Bus b, Line line, int at) {
        if (b.devices.isEmpty()) {
            print(line, at);
        } else if (b.devices.size() == 1) {
            device(b.devices.get(0), line, line.put(at, "--"));
        } else {
            for (int i = 0; i < b.devices.size(); i++) {
                int p = line.put(at, i < b.devices.size() - 1 ? "+-" : "\\-");
                device(b.devices.get(i), line, p);
            }
        }
    }

    private void device(PcieDevice d, Line line, int at) {
        int p = line.put(at, String.format("%02x.%x", d.address().device(), d.address().function()));
        for (Bridge b : bridges) {
            if (b.device.address().equals(d.address())) {
                p = line.put(p, b.secondary == b.subordinate ? String.format("-[%02x]-", b.secondary)
                        : String.format("-[%02x-%02x]-", b.secondary, b.subordinate));
                bridge(b, line, p);
                return;
            }
        }
        String text = name.apply(d);
        if (!text.isEmpty()) {
            p = line.put(p, "  " + text);
        }
        print(line, p);
    }

    /** Prints the line up to {@code end}; what stays for the next lines is only the {@code |} of open branches. */
    private void print(Line line, int end) {
        out.add(line.text(end));
        line.fade(end);
    }

    private static final class Line {
        private final StringBuilder b = new StringBuilder();

        int put(int at, String s) {
            b.setLength(at);
            b.append(s);
            return b.length();
        }

        String text(int end) {
            return b.substring(0, end);
        }

        void fade(int end) {
            b.setLength(end);
            for (int i = 0; i < end; i++) {
                char c = b.charAt(i);
                b.setCharAt(i, c == '+' || c == '|' ? '|' : ' ');
            }
        }
    }

    private static final class Bridge {
        final PcieDevice device;
        final int domain;
        final int secondary;
        final int subordinate;
        final List<Bus> buses = new ArrayList<>();

        Bridge(PcieDevice device, int domain, int secondary, int subordinate) {
            this.device = device;
            this.domain = domain;
            this.secondary = secondary;
            this.subordinate = subordinate;
        }

        Bus find(int domain, int number) {
            for (Bus u : buses) {
                if (u.domain == domain && u.number == number) {
                    return u;
                }
            }
            return null;
        }
    }

    private static final class Bus {
        final int domain;
        final int number;
        final List<PcieDevice> devices = new ArrayList<>();

        Bus(int domain, int number) {
            this.domain = domain;
            this.number = number;
        }
    }
}
