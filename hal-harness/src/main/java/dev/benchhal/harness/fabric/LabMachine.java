package dev.benchhal.harness.fabric;

import dev.benchhal.DeviceUri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code [machine.NAME]} section of a lab INI file: a host of the lab, where its hubs are plugged in and how to
 * reach it.
 * <pre>
 * [machine.rig1]
 * host = 192.168.1.39        ; or ip =; none for this machine
 * user = root                ; default root (the seed's passwordless root@)
 * port = 22
 * identity = ~/.ssh/lab_ed25519
 * usb = remote               ; local: this workstation (the command's); remote: over SSH; absent: no hubs
 * python = python3           ; the interpreter with Acroname's SDK there
 * python_path = /opt/brainstem
 * </pre>
 * Two keys of Bench HAL's own: {@code shell} (a HostShell URI used instead of host/user/port/identity, such as
 * {@code ssh://lab@127.0.0.1:2222?identity=...}) and, for a simulated lab, {@code simulated_hubs} (UsbHub URIs,
 * comma-separated) with {@code pcie} (the PcieHost URI of this machine when it is the concentrator).
 *
 * @param name           the machine's name (after {@code machine.})
 * @param shell          the URI of its HostShell ({@code local:} for this machine)
 * @param usb            where its hubs are found
 * @param python         the interpreter with Acroname's SDK on it
 * @param pythonPath     a package directory with the SDK on it, if any
 * @param simulatedHubs  simulated hubs' URIs (a simulated lab), in order
 * @param pcie           the URI of its PcieHost, when given
 */
public record LabMachine(String name, String shell, Usb usb, String python, Optional<String> pythonPath,
                         List<String> simulatedHubs, Optional<String> pcie) {

    /** Where a machine's hubs are found (the seed's {@code usb=}). */
    public enum Usb {
        /** On the machine the command runs on. */
        LOCAL,
        /** On the machine, reached over SSH. */
        REMOTE,
        /** The machine has no hubs (a concentrator, for instance). */
        NONE
    }

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+]?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * Freezes the lists.
     *
     * @param name           the machine's name (after {@code machine.})
     * @param shell          the URI of its HostShell ({@code local:} for this machine)
     * @param usb            where its hubs are found
     * @param python         the interpreter with Acroname's SDK on it
     * @param pythonPath     a package directory with the SDK on it, if any
     * @param simulatedHubs  simulated hubs' URIs (a simulated lab), in order
     * @param pcie           the URI of its PcieHost, when given
     */
    public LabMachine {
        simulatedHubs = List.copyOf(simulatedHubs);
    }

    /** @return whether this machine is the one the command runs on */
    public boolean isLocal() {
        return shell.equals("local:");
    }

    /** @return whether this is a simulated machine (simulated hubs on this one): the fabric's bench has no shell role for it */
    public boolean simulated() {
        return !simulatedHubs.isEmpty() && isLocal();
    }

    static LabMachine from(LabIni ini, LabIni.Section s) {
        String name = s.name().substring("machine.".length());
        if (!NAME.matcher(name).matches()) {
            throw ini.error(s, "", "machine name \"" + name + "\": expected letters, digits, '.', '_' or '-'");
        }
        Usb usb = Usb.NONE;
        Optional<Map.Entry<String, String>> usbValue = LabIni.first(s, "usb");
        if (usbValue.isPresent()) {
            String value = usbValue.get().getValue().toLowerCase(Locale.ROOT);
            usb = switch (value) {
                case "local" -> Usb.LOCAL;
                case "remote" -> Usb.REMOTE;
                case "none", "no", "false" -> Usb.NONE;
                default -> throw ini.error(s, "usb", "expected local or remote, got \"" + usbValue.get().getValue() + "\"");
            };
        }
        Optional<Map.Entry<String, String>> host = LabIni.first(s, "host", "ip", "hostname", "address");
        String shell;
        Optional<Map.Entry<String, String>> explicit = LabIni.first(s, "shell");
        if (explicit.isPresent()) {
            shell = explicit.get().getValue();
            try {
                DeviceUri.parse(shell);
            } catch (dev.benchhal.error.ConfigException | IllegalArgumentException e) {
                throw ini.error(s, "shell", "not a HostShell URI: " + e.getMessage());
            }
        } else if (host.isEmpty() || usb == Usb.LOCAL) {
            // usb = local is the workstation the command runs on (the seed's meaning), whatever its address
            shell = "local:";
        } else {
            String h = host.get().getValue();
            if (!HOST.matcher(h).matches()) {
                throw ini.error(s, host.get().getKey(), "expected a host name or IP address, got \"" + h + "\"");
            }
            String user = LabIni.first(s, "user", "username", "ssh_user").map(Map.Entry::getValue).orElse("root");
            if (!USER.matcher(user).matches()) {
                throw ini.error(s, "user", "expected a user name, got \"" + user + "\"");
            }
            int port = ini.integer(s, 1, 65535, "port", "ssh_port").orElse(22);
            StringBuilder uri = new StringBuilder("ssh://").append(user).append('@').append(h);
            if (port != 22) {
                uri.append(':').append(port);
            }
            List<String> options = new ArrayList<>();
            LabIni.first(s, "identity", "ssh_key", "key", "identity_file")
                    .ifPresent(k -> options.add("identity=" + DeviceUri.encodeValue(expandHome(k.getValue()))));
            LabIni.first(s, "known_hosts").ifPresent(k -> options.add("knownHosts=" + DeviceUri.encodeValue(expandHome(k.getValue()))));
            if (!options.isEmpty()) {
                uri.append('?').append(String.join("&", options));
            }
            shell = uri.toString();
        }
        if (usb == Usb.REMOTE && host.isEmpty() && explicit.isEmpty()) {
            throw ini.error(s, "usb", "usb = remote needs host (or shell), the machine to reach over SSH");
        }
        String python = LabIni.first(s, "python", "python3", "interpreter").map(Map.Entry::getValue).orElse("python3");
        Optional<String> pythonPath = LabIni.first(s, "python_path", "pythonpath").map(Map.Entry::getValue);
        List<String> simulated = LabIni.first(s, "simulated_hubs").map(v -> List.of(v.getValue().split("\\s*[,\\n]\\s*")))
                .orElse(List.of());
        Optional<String> pcie = LabIni.first(s, "pcie").map(Map.Entry::getValue);
        return new LabMachine(name, shell, usb, python, pythonPath, simulated, pcie);
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

}
