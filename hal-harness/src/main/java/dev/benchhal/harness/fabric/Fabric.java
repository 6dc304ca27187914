package dev.benchhal.harness.fabric;

import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.DeviceConfig;
import dev.benchhal.error.ConfigException;
import dev.benchhal.pcie.PcieAddress;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.SnapshotOptions;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A fabric with the lab it lives in (the seed's {@code Fabric}): composing a definition from a lab INI and live
 * discovery, the bench that reaches its machines, hubs and concentrator, and {@link #realize}, the strict check that
 * the bench is the one the fabric describes.
 *
 * <p>The bench has a role per machine that is not simulated (its HostShell, the machine's name in lower case with {@code _} for other
 * characters), {@code hub_SERIAL} per hub ({@code acroname:usb:SERIAL?model=...} with {@code via} the machine's role
 * for {@code usb = remote}, or the simulated hub) and {@code concentrator} (the concentrator machine's PcieHost:
 * its {@code pcie} key, else {@code pcie:local} on this machine or {@code pcie:remote?via=ROLE}).
 */
public final class Fabric {

    /** The concentrator's role in the fabric's bench. */
    public static final String CONCENTRATOR = "concentrator";

    private Fabric() {
    }

    /**
     * Composes a definition (the seed's {@code compose_definition}): every radio head of the lab INI, with the
     * bindings given besides laid over it (a bindings file or answers at a prompt, which may add radio heads), and
     * the hub filled in when discovery found exactly one.
     *
     * @param ini       the lab INI
     * @param discovery what discovery found on its machines
     * @param given     bindings laid over the INI's, by name
     * @return the definition, bound against {@code discovery}
     * @throws ConfigException naming a radio head that lacks a field or does not fit the hubs found
     */
    public static FabricDefinition compose(LabIni ini, Discovery discovery, List<RrhBinding.Partial> given) {
        return compose(ini, discovery, given, Map.of());
    }

    /**
     * Composes a definition as {@link #compose(LabIni, Discovery, List)} does, with the patch panel labels of a panel
     * file (the seed's {@code _panel.json}) for the radio heads whose binding has none.
     *
     * @param ini       the lab INI
     * @param discovery what discovery found on its machines
     * @param given     bindings laid over the INI's, by name
     * @param panels    patch panel labels by PCIe address ({@link dev.benchhal.core.bench.PatchPanel})
     * @return the definition, bound against {@code discovery}
     * @throws ConfigException naming a radio head that lacks a field or does not fit the hubs found
     */
    public static FabricDefinition compose(LabIni ini, Discovery discovery, List<RrhBinding.Partial> given,
                                           Map<PcieAddress, String> panels) {
        Map<String, RrhBinding.Partial> rows = new LinkedHashMap<>();
        for (RrhBinding.Partial p : ini.radioHeads()) {
            rows.put(p.name(), p);
        }
        for (RrhBinding.Partial p : given) {
            rows.merge(p.name(), p, (below, over) -> over.over(below));
        }
        List<HubRecord> hubs = discovery.hubs();
        List<RrhBinding> bound = new ArrayList<>();
        for (RrhBinding.Partial p : rows.values()) {
            Optional<String> hub = hubs.size() == 1 ? Optional.of(hubs.get(0).serial()) : Optional.empty();
            Optional<String> panel = p.address().map(panels::get);
            RrhBinding.Partial filled = p.over(new RrhBinding.Partial(p.name(), hub, Optional.empty(), panel, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            bound.add(filled.complete(ini.name()));
        }
        return FabricDefinition.bound(ini.fabricId().orElse("fabric"), ini.concentrator(), discovery, bound);
    }

    /**
     * The bench that reaches a fabric's machines, hubs and concentrator.
     *
     * @param fabric the fabric
     * @param ini    the lab INI with its machines
     * @return the bench configuration (not opened)
     * @throws ConfigException when a hub's machine or the concentrator is not in the lab INI
     */
    public static BenchConfig bench(FabricDefinition fabric, LabIni ini) {
        Map<String, DeviceConfig> devices = new LinkedHashMap<>();
        Map<String, LabMachine> machines = new LinkedHashMap<>();
        for (LabMachine m : ini.machines()) {
            machines.put(m.name(), m);
            if (!m.simulated()) {
                devices.put(role(m.name()), DeviceConfig.of(role(m.name()), m.shell()));
            }
        }
        for (HubRecord hub : fabric.hubs()) {
            LabMachine m = machines.get(hub.machine());
            if (m == null) {
                throw new ConfigException(ini.name(), "hub " + hub.serial() + " of fabric " + fabric.fabricId() + " is on machine "
                        + hub.machine() + ", which has no [machine." + hub.machine() + "] section");
            }
            devices.put(hubRole(hub.serial()), DeviceConfig.of(hubRole(hub.serial()), hubUri(hub, m)));
        }
        if (fabric.concentrator().isPresent()) {
            LabMachine c = machines.get(fabric.concentrator().get());
            if (c == null) {
                throw new ConfigException(ini.name(), "the concentrator " + fabric.concentrator().get() + " of fabric "
                        + fabric.fabricId() + " has no [machine." + fabric.concentrator().get() + "] section");
            }
            String pcie = c.pcie().orElse(c.isLocal() ? "pcie:local" : "pcie:remote?via=" + role(c.name()));
            devices.put(CONCENTRATOR, DeviceConfig.of(CONCENTRATOR, pcie));
        }
        Path base = ini.file().toAbsolutePath().getParent();
        return new BenchConfig("fabric " + fabric.fabricId() + " (" + ini.name() + ")", devices, Map.of(), base);
    }

    /**
     * @param fabric a fabric
     * @param bench  its bench, open
     * @return each of its hubs by serial
     */
    public static Map<String, UsbHub> hubs(FabricDefinition fabric, Bench bench) {
        Map<String, UsbHub> out = new LinkedHashMap<>();
        for (HubRecord hub : fabric.hubs()) {
            out.put(hub.serial(), bench.get(hubRole(hub.serial()), UsbHub.class));
        }
        return out;
    }

    /**
     * @param machine a lab machine's name
     * @return its role in the fabric's bench
     */
    public static String role(String machine) {
        String role = machine.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return Character.isLetter(role.charAt(0)) ? role : "m_" + role;
    }

    /**
     * @param serial a hub's serial
     * @return its role in the fabric's bench
     */
    public static String hubRole(String serial) {
        return "hub_" + serial.toLowerCase(Locale.ROOT);
    }

    private static String simulatedHubSerial(int index) {
        return String.format(Locale.ROOT, "5100A%03X", index + 1);
    }

    private static String hubUri(HubRecord hub, LabMachine m) {
        for (String uri : m.simulatedHubs()) {
            DeviceUri parsed = DeviceUri.parse(uri);
            if (parsed.parameter("serial").orElse("5100A001").equalsIgnoreCase(hub.serial())) {
                return uri;
            }
        }
        if (!m.simulatedHubs().isEmpty()) {
            throw new ConfigException("machine " + m.name(), "hub " + hub.serial() + " is not one of its simulated_hubs " + m.simulatedHubs());
        }
        StringBuilder uri = new StringBuilder("acroname:usb:").append(hub.serial()).append("?model=").append(hub.model());
        if (!m.python().equals("python3")) {
            uri.append("&python=").append(m.python());
        }
        m.pythonPath().ifPresent(p -> uri.append("&pythonPath=").append(p));
        if (m.usb() == LabMachine.Usb.REMOTE) {
            uri.append("&via=").append(role(m.name()));
        }
        return uri.toString();
    }

    /**
     * One radio head as the concentrator shows it now.
     *
     * @param rrh     the binding
     * @param problem what is wrong, empty when it enumerates at its address with its link
     * @param seen    what the concentrator shows: {@code x1 5.0 GT/s}, or {@code absent}
     */
    public record RadioCheck(RrhBinding rrh, Optional<String> problem, String seen) {
    }

    /**
     * The outcome of {@link #realize}.
     *
     * @param status the fabric against live discovery
     * @param radios each radio head on the concentrator (empty when the fabric names no concentrator)
     * @param strict whether a stale fabric fails
     */
    public record Realized(FabricStatus status, List<RadioCheck> radios, boolean strict) {

        /** @return whether the bench is the one the fabric describes (a stale one passes when not strict) */
        public boolean ok() {
            return exitCode() == 0;
        }

        /** @return 0 when ok; 4 when a hub or radio head is missing; 1 when the fabric is stale (strict) or a link is wrong */
        public int exitCode() {
            if (status.state() == FabricStatus.State.MISSING
                    || radios.stream().anyMatch(r -> r.problem().isPresent() && r.seen().equals("absent"))) {
                return 4;
            }
            if ((strict && status.state() == FabricStatus.State.STALE) || radios.stream().anyMatch(r -> r.problem().isPresent())) {
                return 1;
            }
            return 0;
        }
    }

    /**
     * Checks that the bench is the fabric (the seed's {@code Fabric.realize()}): the fingerprint against live
     * discovery (strict: a stale fabric fails), then every radio head at its address on the concentrator with its
     * link width and speed. Blocks for the concentrator's reads; touches no power.
     *
     * @param fabric       the fabric
     * @param live         live discovery
     * @param concentrator the concentrator's PcieHost, or a function that opens it (called only when the hubs are there)
     * @param strict       whether a stale fabric fails
     * @return what was found
     */
    public static Realized realize(FabricDefinition fabric, Discovery live, Function<FabricDefinition, Optional<PcieHost>> concentrator,
                                   boolean strict) {
        FabricStatus status = FabricStatus.of(fabric, live);
        List<RadioCheck> radios = new ArrayList<>();
        if (status.state() != FabricStatus.State.MISSING) {
            Optional<PcieHost> host = concentrator.apply(fabric);
            if (host.isPresent()) {
                for (RrhBinding r : fabric.rrhs()) {
                    radios.add(check(r, host.get()));
                }
            }
        }
        return new Realized(status, radios, strict);
    }

    private static RadioCheck check(RrhBinding r, PcieHost host) {
        Optional<PcieDevice> device = host.device(r.address());
        if (device.isEmpty()) {
            return new RadioCheck(r, Optional.of(r.name() + " (" + r.cable() + ") is not at " + r.address() + " on the concentrator"),
                    "absent");
        }
        Optional<PcieLink> link = device.get().link();
        if (link.isEmpty()) {
            return new RadioCheck(r, Optional.of(r.name() + " at " + r.address() + " shows no link to read"), "no link");
        }
        PcieLink l = link.get();
        String seen = "x" + l.currentWidth() + " " + l.currentGts() + " GT/s";
        boolean wrong = l.currentWidth() != r.width() || (r.speedGts() > 0 && l.currentGts() < r.speedGts());
        return new RadioCheck(r, wrong ? Optional.of(r.name() + " at " + r.address() + " trained to " + seen + "; expected x" + r.width()
                + (r.speedGts() > 0 ? " at least " + r.speedGts() + " GT/s" : "")) : Optional.empty(), seen);
    }

    /** A simulated lab has at most this many radio heads: as many as the simulated concentrator has room for. */
    public static final int MAX_SIMULATED_RADIOS = 64;

    /**
     * The lab INI of a simulated lab: one machine with USBHub3p hubs of 8 ports (serials {@code 5100A001},
     * {@code 5100A002}, ...: as many as {@code radios} needs) powering as many radio heads on a simulated
     * concentrator, a fabric section naming it, and a {@code [fabric.rrh.rrhN]} section per radio head bound as the
     * simulated concentrator enumerates it (the N-th radio on port N mod 8 of hub N / 8, patch panel {@code SIM-NN}).
     * What {@code benchhal fabric} and {@code campaign hotswap} use without a lab INI.
     *
     * @param radios   how many radio heads, 1 to {@value #MAX_SIMULATED_RADIOS}
     * @param registry the drivers (the simulators of {@code acroname:} and {@code pcie:})
     * @return the INI text
     * @throws IllegalArgumentException for another number of radio heads
     */
    public static String simulatedLabIni(int radios, DriverRegistry registry) {
        if (radios < 1 || radios > MAX_SIMULATED_RADIOS) {
            throw new IllegalArgumentException("a simulated lab has 1 to " + MAX_SIMULATED_RADIOS + " radio heads, got " + radios);
        }
        int hubs = (radios + 7) / 8;
        List<String> hubUris = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        for (int h = 0; h < hubs; h++) {
            hubUris.add("acroname:sim?serial=" + simulatedHubSerial(h));
        }
        for (int i = 0; i < radios; i++) {
            ports.append(i == 0 ? "" : ",").append(hubRole(simulatedHubSerial(i / 8))).append(':').append(i % 8);
        }
        StringBuilder ini = new StringBuilder()
                .append("# a simulated lab: hubs whose ports power the radio heads of a simulated concentrator\n")
                .append("[machine.sim]\n")
                .append("simulated_hubs = ").append(String.join(", ", hubUris)).append('\n')
                .append("pcie = pcie:sim?radios=").append(radios).append("&functions=").append(radios + 12)
                .append("&ports=").append(ports).append("&training=200ms\n")
                .append("\n[fabric]\nfabric_id = simulated\nconcentrator = sim\n");
        LabIni machines = LabIni.parse(ini.toString(), "simulated lab", Path.of("simulated-lab.ini").toAbsolutePath());
        FabricDefinition empty = new FabricDefinition("simulated", Optional.of("sim"), Discovery.fingerprint(List.of()), List.of(), List.of());
        BenchConfig config = bench(empty, machines);
        for (String uri : machines.machine("sim").simulatedHubs()) {
            String serial = DeviceUri.parse(uri).parameter("serial").orElseThrow();
            config = config.with(DeviceConfig.of(hubRole(serial), uri));
        }
        try (Bench bench = Bench.open(config, registry)) {
            List<PcieDevice> wireless = bench.get(CONCENTRATOR, PcieHost.class).snapshot(SnapshotOptions.defaults("fabric")).wirelessDevices();
            for (int i = 0; i < wireless.size(); i++) {
                PcieLink link = wireless.get(i).link().orElseThrow();
                ini.append(String.format(Locale.ROOT, "%n[fabric.rrh.rrh%d]%nacroname_serial = %s%nacroname_port = %d%n"
                        + "patch_panel = SIM-%02d%npcie_address = %s%nwidth = %d%nspeed = %.1f%n", i, simulatedHubSerial(i / 8), i % 8, i,
                        wireless.get(i).address(), link.currentWidth(), link.currentGts()));
            }
        }
        return ini.toString();
    }
}
