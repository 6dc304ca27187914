package dev.benchhal.pcie.sysfs;

import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.ProtocolException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PCI sysfs of a host behind a {@link HostShell} ({@code ssh://root@rig}): one shell script reads
 * every device directory, the slots and, for a snapshot, cpuinfo, {@code lspci -tv} and
 * {@code dmidecode}, so a snapshot is one round trip however many devices there are. The script is
 * a constant; paths reach it as positional arguments, which the HostShell quotes.
 *
 * <p>Its output is line-tagged: {@code @D name}, {@code @R realpath}, {@code @A attribute} followed
 * by content lines each prefixed with {@code |}, {@code @L driver}, {@code @I group}, {@code @C hex},
 * {@code @S slot address}, {@code @P}/{@code @T}/{@code @B} sections and {@code @E} last, so a cut
 * output is detected rather than taken for a smaller host.
 */
public final class ShellSysfs implements SysfsSource {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSysfs.class);
    private static final Pattern RELATIVE = Pattern.compile("[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)*");
    private static final int MAX_OUTPUT = 64 << 20;

    static final String SCRIPT = String.join("\n",
            "d=\"$1\"; b=\"${d%/*}\"",
            "[ -d \"$d\" ] || { echo \"no directory $d\" >&2; exit 3; }",
            "for p in \"$d\"/*; do",
            // an entry that does not resolve (a symbolic link loop) is said, not silently passed over
            "  if [ ! -e \"$p\" ]; then [ -L \"$p\" ] && echo \"@U $p: cannot resolve the device directory; device left out\"; continue; fi",
            "  echo \"@D ${p##*/}\"",
            "  echo \"@R $(readlink -f \"$p\")\"",
            "  for a in " + String.join(" ", SysfsFiles.ATTRIBUTES) + "; do",
            // never open what is not a regular file (a named pipe would block), never read more than a page's lines
            "    [ -e \"$p/$a\" ] || continue",
            "    [ -f \"$p/$a\" ] || { echo \"@U $p/$a: not a regular file; not read\"; continue; }",
            "    [ -r \"$p/$a\" ] || continue",
            "    { echo \"@A $a\"; n=0; while [ $n -lt " + SysfsFiles.MAX_ATTRIBUTE_LINES + " ] && { IFS= read -r l || [ -n \"$l\" ]; }; do "
                    + "echo \"|$l\"; n=$((n+1)); done < \"$p/$a\"; } 2>/dev/null",
            "  done",
            "  [ -L \"$p/driver\" ] && { t=$(readlink \"$p/driver\"); echo \"@L ${t##*/}\"; }",
            "  [ -L \"$p/iommu_group\" ] && { t=$(readlink \"$p/iommu_group\"); echo \"@I ${t##*/}\"; }",
            "  if [ -e \"$p/config\" ] && [ ! -f \"$p/config\" ]; then echo \"@U $p/config: not a regular file; not read\";",
            "  elif [ -r \"$p/config\" ]; then echo \"@C $(od -An -v -tx1 -N 256 \"$p/config\" 2>/dev/null | tr -d ' \\n')\"; fi",
            // a function removed while it was read lost files on the way: its entry goes before its files do
            "  [ -e \"$p\" ] || echo @G",
            "done",
            "if [ -d \"$b/slots\" ]; then for s in \"$b\"/slots/*; do",
            "  if [ -f \"$s/address\" ] && [ -r \"$s/address\" ]; then IFS= read -r a < \"$s/address\"; echo \"@S ${s##*/} $a\";",
            "    for q in " + String.join(" ", SlotFiles.ATTRIBUTES) + "; do",
            "      if [ -f \"$s/$q\" ] && [ -r \"$s/$q\" ]; then IFS= read -r v < \"$s/$q\"; echo \"@Q $q $v\"; fi",
            "    done",
            "  elif [ -e \"$s/address\" ]; then echo \"@U $s/address: not a regular file; not read\"; fi",
            "done; fi",
            "if [ \"$3\" = 1 ] && [ -r \"$2\" ]; then echo @P; while IFS= read -r l; do echo \"|$l\"; done < \"$2\"; fi",
            "if [ \"$4\" = 1 ] && command -v lspci >/dev/null 2>&1; then echo @T; lspci -tv 2>/dev/null | sed 's/^/|/'; fi",
            "if [ \"$5\" = 1 ] && command -v dmidecode >/dev/null 2>&1 && o=$(dmidecode -t baseboard 2>/dev/null); then",
            "  echo @B; printf '%s\\n' \"$o\" | head -n " + SysfsFiles.BASEBOARD_LINES + " | sed 's/^/|/'",
            "fi",
            "echo @E",
            "");

    private final HostShell shell;
    private final String devices;
    private final String bus;
    private final String cpuinfo;
    private final Duration timeout;

    /**
     * @param shell   the host
     * @param devices its devices directory ({@code /sys/bus/pci/devices})
     * @param cpuinfo its cpuinfo file
     * @param timeout for one probe
     */
    public ShellSysfs(HostShell shell, String devices, String cpuinfo, Duration timeout) {
        if (!devices.startsWith("/") || devices.length() < 2) {
            throw new IllegalArgumentException("the devices directory must be an absolute path: " + devices);
        }
        this.shell = shell;
        this.devices = devices.endsWith("/") ? devices.substring(0, devices.length() - 1) : devices;
        this.bus = this.devices.substring(0, this.devices.lastIndexOf('/'));
        this.cpuinfo = cpuinfo;
        this.timeout = timeout;
    }

    @Override
    public HostProbe probe(HostProbe.Request request) {
        CommandResult r = shell.run(Command.of("sh", "-c", SCRIPT, "benchhal-pcie", devices, cpuinfo,
                flag(request.cpuinfo()), flag(request.lspciTree()), flag(request.baseboard()))
                .withTimeout(timeout).withMaxOutputBytes(MAX_OUTPUT));
        if (r.exitCode() == 3) {
            throw new NotFoundException(describe(), r.stderrText().strip());
        }
        if (!r.succeeded()) {
            throw new HalException(describe(), "the sysfs probe exited " + r.exitCode() + ": " + r.stderrText().strip());
        }
        if (r.stdoutTruncated()) {
            throw new ProtocolException(describe(), "the sysfs probe's output passed " + MAX_OUTPUT + " bytes");
        }
        return parse(describe(), r.stdoutText());
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    /** Reads the script's output; package-private for the tests of malformed output. */
    static HostProbe parse(String source, String output) {
        List<DeviceFiles> devices = new ArrayList<>();
        Map<String, SlotFiles> slots = new HashMap<>();
        String lastSlot = null;
        List<String> unreadable = new ArrayList<>();
        Builder device = null;
        List<String> section = null;
        String attribute = null;
        StringBuilder cpu = null;
        boolean inCpu = false;
        List<String> tree = null;
        List<String> board = null;
        boolean ended = false;
        int lineNumber = 0;
        for (String line : output.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            if (ended) {
                throw new ProtocolException(source, "output after the end mark at line " + lineNumber + ": " + line);
            }
            if (line.charAt(0) == '|') {
                String content = line.substring(1);
                if (attribute != null) {
                    device.attribute(attribute, content);
                } else if (section != null) {
                    section.add(content);
                } else if (inCpu) {
                    cpu.append(content).append('\n');
                } else {
                    throw new ProtocolException(source, "content outside a section at line " + lineNumber + ": " + line);
                }
                continue;
            }
            String tag = line.length() >= 2 ? line.substring(0, 2) : line;
            String rest = line.length() > 3 ? line.substring(3) : "";
            if (!tag.equals("@A")) {
                attribute = null;
            }
            if (tag.equals("@U")) {
                unreadable.add(rest);
                continue;
            }
            boolean hostLevel = tag.equals("@S") || tag.equals("@Q") || tag.equals("@P") || tag.equals("@T") || tag.equals("@B") || tag.equals("@E");
            if ((hostLevel || tag.equals("@D")) && device != null) {
                devices.add(device.build());
                device = null;
            }
            switch (tag) {
                case "@D" -> {
                    device = new Builder(rest);
                    section = null;
                    inCpu = false;
                }
                case "@R", "@A", "@L", "@I", "@C" -> {
                    if (device == null) {
                        throw new ProtocolException(source, tag + " before any device at line " + lineNumber);
                    }
                    switch (tag) {
                        case "@R" -> device.realPath = rest;
                        case "@A" -> {
                            attribute = rest;
                            device.attribute(rest, null);
                        }
                        case "@L" -> device.driver = rest;
                        case "@I" -> device.iommu = rest;
                        default -> {
                            byte[] config = hex(source, device.name, rest);
                            if (config.length < ConfigReader.HEADER_BYTES) {
                                unreadable.add(source + "/" + device.name + "/config: " + config.length + " bytes, shorter than the "
                                        + ConfigReader.HEADER_BYTES + "-byte header; not used");
                            } else {
                                device.config = config;
                            }
                        }
                    }
                }
                case "@G" -> {
                    if (device == null) {
                        throw new ProtocolException(source, "@G before any device at line " + lineNumber);
                    }
                    LOG.debug("{}: {} vanished while it was read", source, device.name);
                    device = null;
                }
                case "@S" -> {
                    int space = rest.indexOf(' ');
                    if (space < 0) {
                        throw new ProtocolException(source, "slot without an address at line " + lineNumber + ": " + line);
                    }
                    lastSlot = rest.substring(0, space);
                    slots.put(lastSlot, SlotFiles.at(rest.substring(space + 1).strip()));
                }
                case "@P" -> {
                    cpu = new StringBuilder();
                    inCpu = true;
                    section = null;
                }
                case "@T" -> {
                    tree = new ArrayList<>();
                    section = tree;
                    inCpu = false;
                }
                case "@B" -> {
                    board = new ArrayList<>();
                    section = board;
                    inCpu = false;
                }
                case "@Q" -> {
                    int space = rest.indexOf(' ');
                    if (lastSlot == null || space < 0) {
                        throw new ProtocolException(source, "slot attribute without its slot at line " + lineNumber + ": " + line);
                    }
                    slots.put(lastSlot, slots.get(lastSlot).with(rest.substring(0, space), rest.substring(space + 1).strip()));
                }
                case "@E" -> ended = true;
                default -> throw new ProtocolException(source, "unexpected line " + lineNumber + " of the sysfs probe: " + line);
            }
        }
        if (!ended) {
            throw new ProtocolException(source, "the sysfs probe's output ended early (no end mark after " + lineNumber + " lines)");
        }
        return new HostProbe(new SysfsImage(source, devices, slots, unreadable), Optional.ofNullable(cpu).map(StringBuilder::toString),
                Optional.ofNullable(tree), Optional.ofNullable(board));
    }

    private static byte[] hex(String source, String device, String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(source + "/" + device + "/config", "configuration space is not hexadecimal: " + e.getMessage());
        }
    }

    /** Collects one device's lines. */
    private static final class Builder {
        final String name;
        String realPath = "";
        final Map<String, StringBuilder> attributes = new HashMap<>();
        String driver;
        String iommu;
        byte[] config;

        Builder(String name) {
            this.name = name;
        }

        void attribute(String file, String line) {
            StringBuilder b = attributes.computeIfAbsent(file, k -> new StringBuilder());
            if (line != null) {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(line);
            }
        }

        DeviceFiles build() {
            Map<String, String> a = new HashMap<>();
            attributes.forEach((k, v) -> a.put(k, v.toString().stripTrailing()));
            return new DeviceFiles(name, realPath, a, Optional.ofNullable(driver), Optional.ofNullable(iommu), Optional.ofNullable(config));
        }
    }

    @Override
    public void write(String relativePath, String value) {
        if (!RELATIVE.matcher(relativePath).matches() || relativePath.contains("..")) {
            throw new IllegalArgumentException("not a control file path below " + bus + ": " + relativePath);
        }
        String file = bus + "/" + relativePath;
        CommandResult r = shell.run(Command.of("sh", "-c",
                // a control file is never created: sysfs would refuse, and a directory tree must not grow one
                "[ -e \"$1\" ] || { echo \"$1: No such file\" >&2; exit 4; }; printf '%s' \"$2\" > \"$1\"",
                "benchhal-pcie", file, value)
                .withTimeout(timeout));
        if (!r.succeeded()) {
            String err = r.stderrText().strip();
            if (err.contains("No such file")) {
                throw new NotFoundException(shell.hostLabel() + ":" + file, "no such control file");
            }
            throw new HalException(shell.hostLabel() + ":" + file, "write of \"" + value + "\" failed: "
                    + (err.contains("ermission denied") ? "permission denied: writing PCI control files needs root" : err));
        }
        LOG.info("{}: wrote {} to {}", shell.hostLabel(), value, file);
    }

    @Override
    public String describe() {
        return shell.hostLabel() + ":" + devices;
    }
}
