package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalTimeoutException;
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
import dev.benchhal.safety.SafeState;
import dev.benchhal.safety.SafetyNet;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import org.libvirt.Connect;
import org.libvirt.Device;
import org.libvirt.Domain;
import org.libvirt.DomainInterface;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link HypervisorClient} over libvirt ({@code libvirt:qemu:///system}, {@code libvirt:test:///default},
 * {@code libvirt:qemu+ssh://root@host/system}). Domains come from typed specs as XML built with the
 * DOM. Every domain this client defines carries an ownership mark in its metadata; unless
 * {@link #keepOnClose(String) kept}, {@link #close()} destroys and undefines it, even after failures,
 * and {@link #leftovers()} lists marked domains still defined (the seed's final check). libvirt's
 * error printing goes to SLF4J; its errors become typed exceptions with libvirt's code and message.
 * The client registers with the bench's {@link SafetyNet}, so a harness stopped by SIGTERM or
 * {@code System.exit} still removes its domains from the shutdown hook. One call at a time on the
 * connection. Thread-safe.
 */
public final class LibvirtClient implements HypervisorClient, SafeState {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtClient.class);
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;

    private final DeviceUri uri;
    private final String libvirtUri;
    private final Connect connect;
    private final String domainType;
    private final BenchClock clock;
    private final String clientId = UUID.randomUUID().toString();
    private final Set<String> created = new LinkedHashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final SafetyNet.Registration registration;
    private volatile boolean closed;

    private LibvirtClient(DeviceUri uri, String libvirtUri, Connect connect, String domainType, BenchClock clock,
                          SafetyNet net) {
        this.uri = uri;
        this.libvirtUri = libvirtUri;
        this.connect = connect;
        this.domainType = domainType;
        this.clock = clock;
        this.registration = net.protect(uri.toString(), this);
    }

    /**
     * @param uri        the Bench HAL URI ({@code libvirt:qemu:///system})
     * @param libvirtUri libvirt's URI ({@code qemu:///system})
     * @param clock      the bench clock (waits)
     * @param net        the safety net whose shutdown hook removes this client's domains
     * @return the connected client
     * @throws DisconnectedException when libvirt cannot be reached
     */
    public static LibvirtClient open(DeviceUri uri, String libvirtUri, BenchClock clock, SafetyNet net) {
        LibvirtErrors.routeToSlf4j();
        Connect connect;
        try {
            connect = new Connect(libvirtUri, false);
        } catch (LibvirtException e) {
            throw new DisconnectedException(uri.toString(), "cannot connect to libvirt at " + libvirtUri + ": "
                    + (e.getError() == null ? e.getMessage() : e.getError().getMessage()), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new NotFoundException(uri.toString(), "the libvirt library is not installed (apt-get install libvirt0): "
                    + e.getMessage());
        }
        try {
            String type = connect.getType().toLowerCase(Locale.ROOT);
            String domainType = "qemu".equals(type) ? qemuDomainType(connect.getCapabilities()) : type;
            LOG.info("{}: connected to libvirt {} ({}, domains of type {})", uri, libvirtUri, type, domainType);
            return new LibvirtClient(uri, libvirtUri, connect, domainType, clock, net);
        } catch (LibvirtException e) {
            closeQuietly(connect);
            throw LibvirtErrors.translate(uri.toString(), "connect", e);
        }
    }

    @Override
    public DeviceUri uri() {
        return uri;
    }

    @Override
    public BenchClock clock() {
        return clock;
    }

    @Override
    public List<DomainInfo> domains() {
        return locked(() -> {
            List<DomainInfo> out = new ArrayList<>();
            for (int id : call("list domains", connect::listDomains)) {
                out.add(info(call("look up domain " + id, () -> connect.domainLookupByID(id))));
            }
            for (String name : call("list defined domains", connect::listDefinedDomains)) {
                out.add(info(lookup(name)));
            }
            return out;
        });
    }

    @Override
    public Optional<DomainInfo> domain(String name) {
        return locked(() -> {
            try {
                return Optional.of(info(lookup(name)));
            } catch (NotFoundException absent) {
                return Optional.empty();
            }
        });
    }

    @Override
    public DomainInfo define(DomainSpec spec) {
        return locked(() -> {
            try {
                connect.domainLookupByName(spec.name());
                throw new ConfigException(uri.toString(), "define " + spec.name() + ": a domain of that name exists already");
            } catch (LibvirtException absent) {
                // the name is free
            }
            String xml = DomainXml.domain(spec, domainType, clientId);
            LOG.debug("{}: defining {}:\n{}", uri, spec.name(), xml);
            Domain domain = call("define " + spec.name(), () -> connect.domainDefineXML(xml));
            created.add(spec.name());
            LOG.info("{}: defined {} ({} MiB, {} vCPU)", uri, spec.name(), spec.memoryMiB(), spec.vcpus());
            return info(domain);
        });
    }

    @Override
    public void start(String name) {
        locked(() -> call("start " + name, () -> lookup(name).create()));
        LOG.info("{}: started {}", uri, name);
    }

    @Override
    public boolean shutdown(String name, Duration timeout) {
        Domain domain = locked(() -> lookup(name));
        locked(() -> call("shut down " + name, () -> {
            domain.shutdown();
            return null;
        }));
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (clock.nanoTime() < deadline) {
            if (state(name) == DomainState.SHUT_OFF) {
                LOG.info("{}: {} shut down", uri, name);
                return true;
            }
            clock.sleep(Duration.ofMillis(Math.min(200, Math.max(1, timeout.toMillis() / 10))));
        }
        if (state(name) == DomainState.SHUT_OFF) {
            return true;
        }
        LOG.warn("{}: {} did not shut down within {}; destroying it", uri, name, Durations.format(timeout));
        destroy(name);
        return false;
    }

    @Override
    public void destroy(String name) {
        locked(() -> call("destroy " + name, () -> {
            Domain d = lookup(name);
            if (d.isActive() == 1) {
                d.destroy();
            }
            return null;
        }));
        LOG.info("{}: destroyed {}", uri, name);
    }

    @Override
    public void undefine(String name) {
        locked(() -> call("undefine " + name, () -> {
            Domain d = lookup(name);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine();
            created.remove(name);
            return null;
        }));
        LOG.info("{}: undefined {}", uri, name);
    }

    @Override
    public DomainState state(String name) {
        return locked(() -> state(call("state of " + name, () -> lookup(name).getInfo().state)));
    }

    @Override
    public List<GuestAddress> addresses(String name, AddressSource source) {
        int flag = switch (source) {
            case LEASE -> Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
            case AGENT -> Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT;
            case ARP -> Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP;
        };
        return locked(() -> {
            Collection<DomainInterface> interfaces = call("addresses of " + name + " from " + source,
                    () -> lookup(name).interfaceAddresses(flag, 0));
            List<GuestAddress> out = new ArrayList<>();
            for (DomainInterface i : interfaces) {
                for (DomainInterface.InterfaceAddress a : i.addrs) {
                    out.add(new GuestAddress(i.name, i.hwAddr == null ? "" : i.hwAddr, a.address.getHostAddress(),
                            a.prefixLength, a.address instanceof Inet6Address));
                }
            }
            return out;
        });
    }

    @Override
    public GuestAddress awaitAddress(String name, Duration timeout) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            for (AddressSource source : AddressSource.values()) {
                try {
                    Optional<GuestAddress> v4 = addresses(name, source).stream().filter(a -> !a.ipv6()).findFirst();
                    if (v4.isPresent()) {
                        return v4.get();
                    }
                    last = source + ": no address yet";
                } catch (dev.benchhal.error.HalException e) {
                    if (e instanceof NotFoundException) {
                        throw e;
                    }
                    last = source + ": " + e.detail();
                }
            }
            if (clock.nanoTime() >= deadline) {
                throw new HalTimeoutException(uri.toString(), name + " got no IPv4 address within " + Durations.format(timeout)
                        + " (" + last + ")");
            }
            clock.sleep(Duration.ofMillis(500));
        }
    }

    @Override
    public void attachHostDevice(String name, PcieAddress address, AttachMode mode) {
        String xml = DomainXml.hostDevice(address);
        locked(() -> call("attach " + address + " to " + name, () -> {
            lookup(name).attachDeviceFlags(xml, flags(mode));
            return null;
        }));
        LOG.info("{}: attached {} to {} ({})", uri, address, name, mode);
    }

    @Override
    public void detachHostDevice(String name, PcieAddress address, AttachMode mode) {
        String xml = DomainXml.hostDevice(address);
        locked(() -> call("detach " + address + " from " + name, () -> {
            lookup(name).detachDeviceFlags(xml, flags(mode));
            return null;
        }));
        LOG.info("{}: detached {} from {} ({})", uri, address, name, mode);
    }

    @Override
    public List<NodeDevice> pciNodeDevices() {
        return locked(() -> {
            List<NodeDevice> out = new ArrayList<>();
            for (String name : call("list PCI node devices", () -> connect.listDevices("pci"))) {
                String xml = call("describe node device " + name, () -> connect.deviceLookupByName(name).getXMLDescription());
                nodeDevice(name, xml).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public void detachFromHost(PcieAddress address) {
        locked(() -> call("detach " + address + " from the host", () -> nodeDevice(address).detach()));
        LOG.info("{}: {} detached from its host driver", uri, address);
    }

    @Override
    public void reattachToHost(PcieAddress address) {
        locked(() -> call("reattach " + address + " to the host", () -> nodeDevice(address).reAttach()));
        LOG.info("{}: {} reattached to its host driver", uri, address);
    }

    @Override
    public void keepOnClose(String name) {
        locked(() -> {
            lookup(name);
            created.remove(name);
            return null;
        });
        LOG.info("{}: {} is kept after close (leftovers() lists it)", uri, name);
    }

    @Override
    public List<String> leftovers() {
        return locked(() -> {
            List<String> out = new ArrayList<>();
            for (DomainInfo d : domains()) {
                String xml = call("describe " + d.name(), () -> lookup(d.name()).getXMLDesc(0));
                if (DomainXml.owner(xml).isPresent()) {
                    out.add(d.name());
                }
            }
            return out;
        });
    }

    /** Destroys and undefines every domain this client created and was not told to keep. */
    @Override
    public void enterSafeState() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (String name : new ArrayList<>(created)) {
                try {
                    undefine(name);
                } catch (RuntimeException e) {
                    LOG.error("{}: could not remove {}: {}", uri, name, e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return {@code true}: the domains this client created go at close unless kept */
    @Override
    public boolean safeStateOnClose() {
        return true;
    }

    @Override
    public String safeStateDescription() {
        return "the domains it created destroyed and undefined";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            enterSafeState();
            closed = true;
            closeQuietly(connect);
            registration.close();
            LOG.info("{}: closed", uri);
        } finally {
            lock.unlock();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private interface LibvirtCall<T> {
        T run() throws LibvirtException;
    }

    private interface Body<T> {
        T run();
    }

    private <T> T locked(Body<T> body) {
        lock.lock();
        try {
            if (closed) {
                throw new DisconnectedException(uri.toString(), "closed");
            }
            return body.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T call(String what, LibvirtCall<T> call) {
        try {
            return call.run();
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(uri.toString(), what, e);
        }
    }

    private Domain lookup(String name) {
        try {
            return connect.domainLookupByName(name);
        } catch (LibvirtException e) {
            throw new NotFoundException(uri.toString(), "no domain \"" + name + "\" on " + libvirtUri);
        }
    }

    private DomainInfo info(Domain d) {
        return call("describe a domain", () -> {
            org.libvirt.DomainInfo i = d.getInfo();
            String name = d.getName();
            boolean owned = DomainXml.owner(d.getXMLDesc(0)).map(clientId::equals).orElse(false);
            return new DomainInfo(name, d.getUUIDString(), state(i.state), i.maxMem / 1024, i.nrVirtCpu, owned);
        });
    }

    private static DomainState state(org.libvirt.DomainInfo.DomainState s) {
        switch (s) {
            case VIR_DOMAIN_RUNNING:
                return DomainState.RUNNING;
            case VIR_DOMAIN_BLOCKED:
                return DomainState.BLOCKED;
            case VIR_DOMAIN_PAUSED:
                return DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN:
                return DomainState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF:
                return DomainState.SHUT_OFF;
            case VIR_DOMAIN_CRASHED:
                return DomainState.CRASHED;
            default:
                return s.name().contains("SUSPENDED") ? DomainState.SUSPENDED : DomainState.UNKNOWN;
        }
    }

    private static int flags(AttachMode mode) {
        switch (mode) {
            case LIVE:
                return AFFECT_LIVE;
            case PERSISTENT:
                return AFFECT_CONFIG;
            default:
                return AFFECT_LIVE | AFFECT_CONFIG;
        }
    }

    private Device nodeDevice(PcieAddress address) {
        for (String name : call("list PCI node devices", () -> connect.listDevices("pci"))) {
            String xml = call("describe node device " + name, () -> connect.deviceLookupByName(name).getXMLDescription());
            Optional<NodeDevice> d = nodeDevice(name, xml);
            if (d.isPresent() && d.get().address().equals(address)) {
                return call("look up node device " + name, () -> connect.deviceLookupByName(name));
            }
        }
        throw new NotFoundException(uri.toString(), "no PCI node device at " + address + " on " + libvirtUri);
    }

    /** Reads a PCI node device's XML: address, vendor and product ids, driver. */
    static Optional<NodeDevice> nodeDevice(String name, String xml) {
        Document doc = DomainXml.parse(xml);
        Element capability = null;
        var caps = doc.getElementsByTagName("capability");
        for (int i = 0; i < caps.getLength(); i++) {
            Element c = (Element) caps.item(i);
            if ("pci".equals(c.getAttribute("type"))) {
                capability = c;
                break;
            }
        }
        if (capability == null) {
            return Optional.empty();
        }
        try {
            int domain = Integer.decode(DomainXml.firstText(capability, "domain").orElse("0"));
            int bus = Integer.decode(DomainXml.firstText(capability, "bus").orElseThrow());
            int slot = Integer.decode(DomainXml.firstText(capability, "slot").orElseThrow());
            int function = Integer.decode(DomainXml.firstText(capability, "function").orElseThrow());
            Element vendor = (Element) capability.getElementsByTagName("vendor").item(0);
            Element product = (Element) capability.getElementsByTagName("product").item(0);
            Optional<String> driver = DomainXml.firstText(doc, "driver").flatMap(d -> {
                var names = doc.getElementsByTagName("name");
                for (int i = 0; i < names.getLength(); i++) {
                    if (names.item(i).getParentNode().getNodeName().equals("driver")) {
                        return Optional.of(names.item(i).getTextContent().strip());
                    }
                }
                return Optional.empty();
            });
            return Optional.of(new NodeDevice(name, new PcieAddress(domain, bus, slot, function),
                    vendor == null ? 0 : Integer.decode(vendor.getAttribute("id")),
                    product == null ? 0 : Integer.decode(product.getAttribute("id")), driver));
        } catch (RuntimeException malformed) {
            LOG.warn("node device {}: PCI capability not understood: {}", name, malformed.toString());
            return Optional.empty();
        }
    }

    /** @return {@code kvm} when libvirt's capabilities offer KVM for an hvm guest, else {@code qemu} (TCG) */
    static String qemuDomainType(String capabilitiesXml) {
        NodeList domains = DomainXml.parse(capabilitiesXml).getElementsByTagName("domain");
        for (int i = 0; i < domains.getLength(); i++) {
            if ("kvm".equals(((Element) domains.item(i)).getAttribute("type"))) {
                return "kvm";
            }
        }
        return "qemu";
    }

    private static void closeQuietly(Connect connect) {
        try {
            connect.close();
        } catch (LibvirtException e) {
            LOG.debug("closing the libvirt connection: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LibvirtClient[" + uri + "]";
    }
}
