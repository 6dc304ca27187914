package dev.benchhal.harness.fabric;

import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbHubInfo;
import dev.benchhal.usb.acroname.AcronameDiscovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Acroname discovery on every machine of a lab INI at once (the seed's {@code test_acroname_usb_discovery.py}):
 * {@code usb = local} through Acroname's SDK on this machine (or, when this machine lacks the SDK, libusb's bus scan),
 * {@code usb = remote} through the SDK on the machine over SSH, {@code simulated_hubs} by opening the simulated hubs.
 * A machine that fails or does not answer within the timeout is reported with why; the others are not held up.
 *
 * <p>Thread-safe: every call works on its own.
 */
public final class FabricDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(FabricDiscovery.class);

    private FabricDiscovery() {
    }

    /**
     * Discovers the hubs of every machine of a lab at once. Blocks until every machine answered or the timeout ended.
     *
     * @param ini      the lab INI
     * @param registry the drivers, to open the machines' shells and simulated hubs
     * @param timeout  how long discovery may take on any machine (the seed's {@code --realize-discovery-timeout})
     * @return every machine with hubs ({@code usb = local|remote} or {@code simulated_hubs}), in the file's order
     * @throws dev.benchhal.error.ConfigException when a machine's section is malformed
     */
    public static Discovery discover(LabIni ini, DriverRegistry registry, Duration timeout) {
        List<LabMachine> machines = ini.machines().stream()
                .filter(m -> m.usb() != LabMachine.Usb.NONE || !m.simulatedHubs().isEmpty()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(machines.size(), 16)), r -> {
            Thread t = new Thread(r, "fabric-discovery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<MachineHubs>> asked = new ArrayList<>();
            for (LabMachine m : machines) {
                asked.add(pool.submit(() -> machine(m, registry, timeout)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<MachineHubs> found = new ArrayList<>();
            for (int i = 0; i < machines.size(); i++) {
                LabMachine m = machines.get(i);
                try {
                    found.add(asked.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    asked.get(i).cancel(true);
                    found.add(MachineHubs.failed(m.name(), how(m), "no answer within " + dev.benchhal.util.Durations.format(timeout)));
                } catch (ExecutionException e) {
                    found.add(MachineHubs.failed(m.name(), how(m), String.valueOf(e.getCause())));
                }
            }
            return new Discovery(found);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException(ini.name(), "interrupted during discovery", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Discovers the hubs on this machine only (the seed's {@code --local-only}), through Acroname's SDK when this
     * machine has it, else libusb's bus scan.
     *
     * @param python     the interpreter with the SDK
     * @param pythonPath a package directory with the SDK, if any
     * @param timeout    how long the SDK may take
     * @return this machine's hubs, as machine {@code local}
     */
    public static Discovery localOnly(String python, Optional<String> pythonPath, Duration timeout) {
        return new Discovery(List.of(local("local", python, pythonPath, timeout)));
    }

    /**
     * Discovers one machine's hubs; blocks for as long as that takes (bounded by the SDK's timeout).
     *
     * @param m        the machine
     * @param registry the drivers
     * @param timeout  how long the SDK may take
     * @return its hubs, or why discovery failed there
     */
    public static MachineHubs machine(LabMachine m, DriverRegistry registry, Duration timeout) {
        try {
            if (!m.simulatedHubs().isEmpty()) {
                return simulated(m, registry);
            }
            if (m.usb() == LabMachine.Usb.LOCAL) {
                return local(m.name(), m.python(), m.pythonPath(), timeout);
            }
            try (HostShell shell = registry.open(DeviceSpec.of(m.shell()), HostShell.class, DriverContext.standalone())) {
                return fromSdk(m.name(), "remote", AcronameDiscovery.withSdk(shell, m.python(), m.pythonPath(), timeout));
            }
        } catch (HalException | IllegalArgumentException e) {
            LOG.info("discovery on {} failed: {}", m.name(), e.getMessage());
            return MachineHubs.failed(m.name(), how(m), e.getMessage());
        }
    }

    private static MachineHubs local(String name, String python, Optional<String> pythonPath, Duration timeout) {
        try {
            return fromSdk(name, "local", AcronameDiscovery.withSdk(new LocalHostShell(), python, pythonPath, timeout));
        } catch (NotFoundException noSdk) {
            LOG.info("no BrainStem SDK here ({}): scanning the USB buses instead", noSdk.getMessage());
            return fromSdk(name, "local", AcronameDiscovery.onThisMachine());
        }
    }

    private static MachineHubs fromSdk(String machine, String how, AcronameDiscovery.SdkInventory inventory) {
        List<HubRecord> hubs = new ArrayList<>();
        for (AcronameDiscovery.SdkHub h : inventory.hubs()) {
            hubs.add(new HubRecord(machine, h.serial(), h.modelName(), h.ports()));
        }
        return new MachineHubs(machine, inventory.host(), how, inventory.brainstemVersion(), hubs, Optional.empty());
    }

    private static MachineHubs simulated(LabMachine m, DriverRegistry registry) {
        List<HubRecord> hubs = new ArrayList<>();
        for (String uri : m.simulatedHubs()) {
            try (UsbHub hub = registry.open(DeviceSpec.of(uri), UsbHub.class, DriverContext.standalone())) {
                UsbHubInfo info = hub.info();
                hubs.add(new HubRecord(m.name(), info.serial().toUpperCase(Locale.ROOT), info.model(), info.portCount()));
            }
        }
        return new MachineHubs(m.name(), m.name(), "simulated", "none (simulated)", hubs, Optional.empty());
    }

    private static String how(LabMachine m) {
        return !m.simulatedHubs().isEmpty() ? "simulated" : m.usb().name().toLowerCase(Locale.ROOT);
    }
}
