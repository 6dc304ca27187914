package dev.benchhal.usb.acroname;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.shell.HostShell;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.acroname.sim.SimulatedBrainStem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scheme {@code acroname}: {@code acroname:usb:SERIAL?model=USBHub3p} (a real hub through the
 * BrainStem SDK; options {@code model}, {@code python} or {@code $BENCHHAL_ACRONAME_PYTHON},
 * {@code pythonPath}, {@code latency} (5s), {@code startTimeout} (30s), {@code restart} (true), {@code via} (the
 * bench role of the HostShell of a lab host the hub is plugged into, the seed's {@code usb=remote})) and
 * {@code acroname:sim?ports=8&serial=5100A001&model=USBHub3p} (a simulated hub). Discovery lists the
 * hubs on this machine's USB buses (usb4java; needs the classpath).
 */
public final class AcronameProvider extends BasicDriverProvider<UsbHub> {

    private static final Set<String> SIM_OPTIONS = Set.of("ports", "serial", "model");

    /** Called by {@link java.util.ServiceLoader}. */
    public AcronameProvider() {
        super("acroname", UsbHub.class, API_VERSION,
                "Acroname BrainStem USB hubs: port power, data, metering (SDK bridge), and a simulator");
    }

    /** {@code acroname:sim}: the real driver over a simulated SDK. */
    @Override
    public boolean simulates(DeviceSpec spec) {
        return spec.uri().target().equals("sim");
    }

    @Override
    public UsbHub open(DeviceSpec spec, DriverContext context) {
        if (spec.uri().target().equals("sim")) {
            return simulator(spec, context);
        }
        AcronameSettings settings = AcronameSettings.from(spec, context);
        HostShell remote = settings.via().map(role -> context.device(role, HostShell.class)).orElse(null);
        return BrainStemHub.open(settings, context.clock(), remote);
    }

    private static BrainStemHub simulator(DeviceSpec spec, DriverContext context) {
        String source = spec.uri().toString();
        spec.requireKnownOptions(SIM_OPTIONS);
        AcronameModel model = AcronameSettings.model(spec, source);
        int ports = spec.intOption("ports", model.ports());
        String serial = spec.option("serial").orElse("5100A001");
        if (!AcronameSettings.SERIAL.matcher(serial).matches()) {
            throw new ConfigException(source, "option serial=" + serial + ": expected 8 hex digits");
        }
        if (ports < 1 || ports > 32) {
            throw new ConfigException(source, "option ports=" + ports + ": expected 1..32");
        }
        String hubSerial = serial.toUpperCase(java.util.Locale.ROOT);
        // the real driver over a simulated SDK: the simulated bench runs the driver's own code
        AcronameSettings settings = new AcronameSettings(spec.uri(), hubSerial, model, "none", java.util.Optional.empty(),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), false, java.util.Optional.empty());
        return BrainStemHub.simulated(settings, context.clock(), new SimulatedBrainStem(model, ports, hubSerial));
    }

    /**
     * Lists the hubs the BrainStem SDK finds on a lab host.
     *
     * @param shell      the lab host
     * @param python     its interpreter with the SDK
     * @param pythonPath a package directory on it, empty for none
     * @return a URI per hub ({@code via} left for the caller to add), with the host in the description
     */
    public static List<DiscoveredDevice> discoverOn(HostShell shell, String python, java.util.Optional<String> pythonPath) {
        List<DiscoveredDevice> out = new ArrayList<>();
        for (AcronameDiscovery.SdkHub hub : AcronameDiscovery.withSdk(shell, python, pythonPath, java.time.Duration.ofSeconds(60)).hubs()) {
            String model = hub.model().map(AcronameModel::sdkName).orElse("USBHub3p");
            out.add(new DiscoveredDevice(DeviceUri.parse("acroname:usb:" + hub.serial() + "?model=" + model),
                    model + " on " + shell.hostLabel() + " (BrainStem SDK discovery)"));
        }
        return out;
    }

    @Override
    public List<DiscoveredDevice> discover(DriverContext context) {
        List<DiscoveredDevice> out = new ArrayList<>();
        for (AcronameDiscovery.FoundHub hub : AcronameDiscovery.pair(UsbBusScan.devices())) {
            String description = hub.model().sdkName() + " at " + hub.controlPath()
                    + (hub.hubPath() == null ? "" : " (hub chip " + hub.hubPath() + ")");
            if (hub.uri().isPresent()) {
                out.add(new DiscoveredDevice(DeviceUri.parse(hub.uri().get()), description));
            } else {
                out.add(new DiscoveredDevice(DeviceUri.parse("acroname:usb:00000000?model=" + hub.model().sdkName()),
                        description + ": serial unreadable (no access: install the udev rule)"));
            }
        }
        return out;
    }
}
