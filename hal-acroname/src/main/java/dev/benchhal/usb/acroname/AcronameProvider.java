package dev.benchhal.usb.acroname;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DiscoveredDevice;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverProvider;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.acroname.sim.SimulatedAcronameHub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scheme {@code acroname}: {@code acroname:usb:SERIAL?model=USBHub3p} (a real hub through the
 * BrainStem SDK; options {@code model}, {@code python} or {@code $BENCHHAL_ACRONAME_PYTHON},
 * {@code pythonPath}, {@code latency} (5s), {@code startTimeout} (30s), {@code restart} (true)) and
 * {@code acroname:sim?ports=8&serial=5100A001&model=USBHub3p} (a simulated hub). Discovery lists the
 * hubs on this machine's USB buses (usb4java; needs the classpath).
 */
public final class AcronameProvider implements DriverProvider<UsbHub> {

    private static final Set<String> SIM_OPTIONS = Set.of("ports", "serial", "model");

    /** Called by {@link java.util.ServiceLoader}. */
    public AcronameProvider() {
    }

    @Override
    public String scheme() {
        return "acroname";
    }

    @Override
    public Class<UsbHub> family() {
        return UsbHub.class;
    }

    @Override
    public String description() {
        return "Acroname BrainStem USB hubs: port power, data, metering (SDK bridge), and a simulator";
    }

    @Override
    public UsbHub open(DeviceSpec spec, DriverContext context) {
        if (spec.uri().target().equals("sim")) {
            return simulator(spec, context);
        }
        return BrainStemHub.open(AcronameSettings.from(spec, context), context.clock());
    }

    private static SimulatedAcronameHub simulator(DeviceSpec spec, DriverContext context) {
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
        return new SimulatedAcronameHub(spec.uri(), model, ports, serial.toUpperCase(java.util.Locale.ROOT), context.clock());
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
