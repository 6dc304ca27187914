package dev.benchhal.tck.fakes;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.hypervisor.AddressSource;
import dev.benchhal.hypervisor.AttachMode;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.DomainState;
import dev.benchhal.hypervisor.GuestAddress;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.hypervisor.NodeDevice;
import dev.benchhal.pcie.PcieAddress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A hypervisor whose state (the {@link World}) outlives each client, like libvirt's test driver. */
public final class FakeHypervisor implements HypervisorClient {

    /** Domains by name, shared by every client of one world. */
    public static final class World {
        final Map<String, DomainInfo> domains = new LinkedHashMap<>();

        /** An empty world: no domains. */
        public World() {
        }
    }

    private final World world;
    private final Set<String> createdHere = new HashSet<>();
    private final Set<String> keep = new HashSet<>();
    private boolean closed;

    /** @param world the domains this client sees; share one world between clients to see what another defined */
    public FakeHypervisor(World world) {
        this.world = world;
    }

    private DomainInfo get(String name) {
        if (closed) {
            throw new DisconnectedException("fake-hv:", "closed");
        }
        DomainInfo d = world.domains.get(name);
        if (d == null) {
            throw new NotFoundException("fake-hv:", "no domain " + name);
        }
        return d;
    }

    private void set(DomainInfo d, DomainState s) {
        world.domains.put(d.name(), new DomainInfo(d.name(), d.uuid(), s, d.memoryMiB(), d.vcpus(), d.owned()));
    }

    @Override
    public DeviceUri uri() {
        return DeviceUri.parse("fake-hv:");
    }

    @Override
    public List<DomainInfo> domains() {
        synchronized (world) {
            if (closed) {
                throw new DisconnectedException("fake-hv:", "closed");
            }
            return List.copyOf(world.domains.values());
        }
    }

    @Override
    public Optional<DomainInfo> domain(String name) {
        synchronized (world) {
            return Optional.ofNullable(world.domains.get(name));
        }
    }

    @Override
    public DomainInfo define(DomainSpec spec) {
        synchronized (world) {
            if (world.domains.containsKey(spec.name())) {
                throw new ConfigException("fake-hv:", "domain " + spec.name() + " exists already");
            }
            DomainInfo d = new DomainInfo(spec.name(), UUID.randomUUID().toString(), DomainState.SHUT_OFF, spec.memoryMiB(),
                    spec.vcpus(), true);
            world.domains.put(d.name(), d);
            createdHere.add(d.name());
            return d;
        }
    }

    @Override
    public void start(String name) {
        synchronized (world) {
            set(get(name), DomainState.RUNNING);
        }
    }

    @Override
    public boolean shutdown(String name, Duration timeout) {
        synchronized (world) {
            set(get(name), DomainState.SHUT_OFF);
            return true;
        }
    }

    @Override
    public void destroy(String name) {
        synchronized (world) {
            set(get(name), DomainState.SHUT_OFF);
        }
    }

    @Override
    public void undefine(String name) {
        synchronized (world) {
            if (get(name).state() == DomainState.RUNNING) {
                throw new ConfigException("fake-hv:", "domain " + name + " is running");
            }
            world.domains.remove(name);
        }
    }

    @Override
    public DomainState state(String name) {
        synchronized (world) {
            return get(name).state();
        }
    }

    @Override
    public List<GuestAddress> addresses(String name, AddressSource source) {
        state(name);
        return List.of();
    }

    @Override
    public GuestAddress awaitAddress(String name, Duration timeout) {
        throw new NotFoundException("fake-hv:", "no addresses in the fake");
    }

    @Override
    public void attachHostDevice(String name, PcieAddress address, AttachMode mode) {
        state(name);
    }

    @Override
    public void detachHostDevice(String name, PcieAddress address, AttachMode mode) {
        state(name);
    }

    @Override
    public List<NodeDevice> pciNodeDevices() {
        return List.of();
    }

    @Override
    public void detachFromHost(PcieAddress address) {
        throw new NotFoundException("fake-hv:", "no node device " + address);
    }

    @Override
    public void reattachToHost(PcieAddress address) {
        throw new NotFoundException("fake-hv:", "no node device " + address);
    }

    @Override
    public void keepOnClose(String name) {
        synchronized (world) {
            get(name);
            keep.add(name);
        }
    }

    @Override
    public List<String> leftovers() {
        synchronized (world) {
            List<String> out = new ArrayList<>();
            world.domains.values().stream().filter(DomainInfo::owned).forEach(d -> out.add(d.name()));
            return out;
        }
    }

    @Override
    public void close() {
        synchronized (world) {
            if (closed) {
                return;
            }
            for (String name : createdHere) {
                if (!keep.contains(name)) {
                    world.domains.remove(name);
                }
            }
            closed = true;
        }
    }
}
