package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.pcie.PcieAddress;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * Domain and device XML built with the DOM, so no user value is ever pasted into markup, and the
 * ownership mark Bench HAL puts in a domain's {@code <metadata>}.
 */
final class DomainXml {

    /** Namespace of the ownership mark. */
    static final String OWNER_NS = "https://benchhal.dev/xmlns/owner/1";
    static final String OWNER_PREFIX = "benchhal";
    /** Namespace of QEMU's own command line arguments in a domain (the user-mode network with forwards). */
    static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    /** The id of the user-mode network's backend on QEMU's command line. */
    static final String USER_NETDEV = "benchhal-user0";

    private DomainXml() {
    }

    /**
     * @param spec      the domain
     * @param type      libvirt's domain type for the connection ({@code qemu}, {@code kvm}, {@code test})
     * @param ownerId   the creating client's id
     * @return the domain XML
     */
    static String domain(DomainSpec spec, String type, String ownerId) {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", type);
        doc.appendChild(domain);
        text(doc, domain, "name", spec.name());
        Element memory = text(doc, domain, "memory", Long.toString(spec.memoryMiB()));
        memory.setAttribute("unit", "MiB");
        text(doc, domain, "vcpu", Integer.toString(spec.vcpus()));
        Element metadata = child(doc, domain, "metadata");
        Element owner = doc.createElementNS(OWNER_NS, OWNER_PREFIX + ":owner");
        owner.setAttribute("client", ownerId);
        owner.setAttribute("pid", Long.toString(ProcessHandle.current().pid()));
        metadata.appendChild(owner);
        Element os = child(doc, domain, "os");
        text(doc, os, "type", "hvm");
        spec.kernelBoot().ifPresent(k -> {
            text(doc, os, "kernel", k.kernel());
            k.initrd().ifPresent(i -> text(doc, os, "initrd", i));
            text(doc, os, "cmdline", k.cmdline());
        });
        if (spec.kernelBoot().isEmpty()) {
            child(doc, os, "boot").setAttribute("dev", "hd");
        }
        Element devices = child(doc, domain, "devices");
        for (DomainSpec.Disk d : spec.disks()) {
            Element disk = child(doc, devices, "disk");
            disk.setAttribute("type", "file");
            disk.setAttribute("device", "disk");
            Element driver = child(doc, disk, "driver");
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", d.format());
            child(doc, disk, "source").setAttribute("file", d.path());
            Element target = child(doc, disk, "target");
            target.setAttribute("dev", d.target());
            target.setAttribute("bus", "virtio");
            if (d.readOnly()) {
                child(doc, disk, "readonly");
            }
        }
        for (DomainSpec.NetworkInterface n : spec.interfaces()) {
            Element nic = child(doc, devices, "interface");
            nic.setAttribute("type", "network");
            child(doc, nic, "source").setAttribute("network", n.network());
            n.mac().ifPresent(mac -> child(doc, nic, "mac").setAttribute("address", mac.toLowerCase(Locale.ROOT)));
            child(doc, nic, "model").setAttribute("type", n.model());
        }
        for (PcieAddress a : spec.hostDevices()) {
            devices.appendChild(hostdev(doc, a));
        }
        for (DomainSpec.EmulatedDevice e : spec.emulated()) {
            emulated(doc, devices, e);
        }
        if (!spec.forwards().isEmpty()) {
            userNetwork(doc, domain, spec.forwards());
        }
        return serialize(doc);
    }

    private static void emulated(Document doc, Element devices, DomainSpec.EmulatedDevice device) {
        switch (device) {
            case VIRTIO_RNG -> {
                Element rng = child(doc, devices, "rng");
                rng.setAttribute("model", "virtio");
                text(doc, rng, "backend", "/dev/urandom").setAttribute("model", "random");
            }
            case WATCHDOG_I6300ESB -> {
                Element watchdog = child(doc, devices, "watchdog");
                watchdog.setAttribute("model", "i6300esb");
                // a guest that opens the watchdog and stops feeding it is not reset: the card only stands in for another
                watchdog.setAttribute("action", "none");
            }
        }
    }

    /**
     * QEMU's user-mode network with the forwards, as QEMU arguments: libvirt 9.0's own {@code <interface type='user'>}
     * has no port forwards without the passt backend. Every part is a validated number or IPv4 address (the
     * record checks them), so nothing else can reach QEMU's option syntax.
     */
    private static void userNetwork(Document doc, Element domain, java.util.List<DomainSpec.PortForward> forwards) {
        StringBuilder netdev = new StringBuilder("user,id=" + USER_NETDEV + ",restrict=on");
        for (DomainSpec.PortForward f : forwards) {
            netdev.append(",hostfwd=tcp:").append(f.hostAddress()).append(':').append(f.hostPort()).append("-:").append(f.guestPort());
        }
        Element commandline = doc.createElementNS(QEMU_NS, "qemu:commandline");
        domain.appendChild(commandline);
        // the last slot of the PCI bus: libvirt gives its own devices explicit slots from 2 upwards and knows nothing of
        // this one, which QEMU would otherwise put into the first free slot before libvirt's devices take theirs
        for (String arg : new String[] {"-netdev", netdev.toString(), "-device",
                "virtio-net-pci,netdev=" + USER_NETDEV + ",addr=0x1f"}) {
            Element a = doc.createElementNS(QEMU_NS, "qemu:arg");
            a.setAttribute("value", arg);
            commandline.appendChild(a);
        }
    }

    /** @return {@code <hostdev>} for a host PCI function, managed (libvirt detaches it from its host driver) */
    static String hostDevice(PcieAddress address) {
        Document doc = newDocument();
        doc.appendChild(hostdev(doc, address));
        return serialize(doc);
    }

    private static Element hostdev(Document doc, PcieAddress a) {
        Element hostdev = doc.createElement("hostdev");
        hostdev.setAttribute("mode", "subsystem");
        hostdev.setAttribute("type", "pci");
        hostdev.setAttribute("managed", "yes");
        Element source = child(doc, hostdev, "source");
        Element address = child(doc, source, "address");
        address.setAttribute("domain", String.format("0x%04x", a.domain()));
        address.setAttribute("bus", String.format("0x%02x", a.bus()));
        address.setAttribute("slot", String.format("0x%02x", a.device()));
        address.setAttribute("function", String.format("0x%x", a.function()));
        return hostdev;
    }

    /**
     * @param domainXml a domain's XML
     * @return the creating client's id from the ownership mark, when the domain has one
     */
    static Optional<String> owner(String domainXml) {
        Document doc = parse(domainXml);
        NodeList owners = doc.getElementsByTagNameNS(OWNER_NS, "owner");
        if (owners.getLength() == 0) {
            return Optional.empty();
        }
        return Optional.of(((Element) owners.item(0)).getAttribute("client"));
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException("libvirt returned XML that does not parse: " + e.getMessage(), e);
        }
    }

    /** @return the text of the first element with that name below {@code parent}, or empty */
    static Optional<String> firstText(Node parent, String name) {
        NodeList list = parent instanceof Document ? ((Document) parent).getElementsByTagName(name)
                : ((Element) parent).getElementsByTagName(name);
        return list.getLength() == 0 ? Optional.empty() : Optional.of(list.item(0).getTextContent().strip());
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Document doc, Element parent, String name) {
        Element e = doc.createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Document doc, Element parent, String name, String text) {
        Element e = child(doc, parent, name);
        e.setTextContent(text);
        return e;
    }

    private static String serialize(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
