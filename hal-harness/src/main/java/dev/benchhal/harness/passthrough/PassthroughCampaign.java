package dev.benchhal.harness.passthrough;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.harness.Campaign;
import dev.benchhal.harness.CampaignReport;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Cycle;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.hypervisor.DomainInfo;
import dev.benchhal.hypervisor.DomainSpec;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.time.BenchClock;
import dev.benchhal.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The PCIe passthrough campaign (the seed's {@code test-pcie-passthrough-framework.sh}): check the prerequisites,
 * define and start every node of a cluster as a domain with its devices, find each guest's address, wait for its SSH
 * server, upload the validation scripts, run them, collect each guest's results into the run's directory, destroy
 * and undefine the domains, and verify that none is left. The nodes go through this at once, a thread each, on the
 * shared campaign runner, so every step is a timed, recorded phase and the run gets the runner's report.
 *
 * <p>The run's directory, {@code logs/run-YYYY-MM-DD_HH-MM-SS/}, holds {@code prerequisites.txt},
 * {@code cluster-start.log}, {@code test-results-DOMAIN.log} per guest, {@code cluster-destroy.log},
 * {@code records.jsonl}, {@code report.html}, {@code summary.md} and the guests' host keys ({@code known_hosts}, trusted
 * on first use: the guests are new). A failure anywhere still ends with the domains destroyed and undefined, unless
 * {@link Options#cleanup()} is off (for debugging: the domains are then kept and the result names them).
 */
public final class PassthroughCampaign {

    private static final Logger LOG = LoggerFactory.getLogger(PassthroughCampaign.class);
    private static final List<String> SCRIPTS = List.of("run-all-tests.sh", "check-pcie-devices.sh", "check-drivers.sh",
            "check-device-files.sh");
    private static final Pattern CHECK = Pattern.compile("CHECK (\\S+) (\\S+) (PASS|FAIL) ?(.*)");
    private static final Duration SSH_RETRY = Duration.ofSeconds(1);

    private final ClusterFile cluster;
    private final HypervisorClient hypervisor;
    private final DriverRegistry registry;
    private final boolean local;
    private final Options options;
    private final BenchClock clock = BenchClock.system();
    private final Map<String, Integer> forwards = new ConcurrentHashMap<>();
    private final Set<String> defined = ConcurrentHashMap.newKeySet();
    /** the domains whose cleanup was tried (it may have failed: they then stay in {@link #defined}) */
    private final Set<String> cleanedUp = ConcurrentHashMap.newKeySet();

    /**
     * How a run goes.
     *
     * @param logs     the directory the run's directory is made in ({@code logs})
     * @param cleanup  destroy and undefine the domains at the end, also after a failure ({@code --no-cleanup} turns it off)
     * @param progress how progress shows
     * @param onPhase  told of every phase as it starts, with the node ({@code --verbose} prints it); from the nodes' threads
     */
    public record Options(Path logs, boolean cleanup, Progress progress, BiConsumer<String, String> onPhase) {
        /**
         * Checks the parts.
         *
         * @param logs     the directory the run's directory is made in ({@code logs})
         * @param cleanup  destroy and undefine the domains at the end, also after a failure
         * @param progress how progress shows
         * @param onPhase  told of every phase as it starts, with the node; from the nodes' threads
         */
        public Options {
            Objects.requireNonNull(logs, "logs");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(onPhase, "onPhase");
        }

        /**
         * @param logs the directory the run's directory is made in
         * @return cleanup on, no progress shown, phases not reported
         */
        public static Options defaults(Path logs) {
            return new Options(logs, true, Progress.none(), (node, phase) -> { });
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** Every guest passed every check, and nothing is left. */
        PASSED,
        /** A check or a step of the workflow failed (the failures say which); cleanup was done unless it was off. */
        FAILED,
        /** A prerequisite was missing: nothing was deployed. */
        PREREQUISITES
    }

    /**
     * What a run did.
     *
     * @param outcome       how it ended
     * @param directory     the run's directory
     * @param prerequisites the prerequisites' check
     * @param failures      every failure: per node with its phase, and {@code verify} for domains left behind
     * @param kept          the domains kept by {@code --no-cleanup} or left by a failed cleanup
     * @param report        the report, when the campaign ran
     */
    public record Result(Outcome outcome, Path directory, Prerequisites prerequisites, List<Failure> failures,
                         List<String> kept, Optional<CampaignReport.Written> report) {
    }

    /**
     * @param cluster    the cluster
     * @param hypervisor its hypervisor, open; stays the caller's
     * @param registry   opens the guests' {@code ssh://} shells
     * @param local      whether the hypervisor runs on this machine (the images are then checked here)
     * @param options    logs, cleanup, progress
     */
    public PassthroughCampaign(ClusterFile cluster, HypervisorClient hypervisor, DriverRegistry registry, boolean local,
                               Options options) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.hypervisor = Objects.requireNonNull(hypervisor, "hypervisor");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.local = local;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param hypervisorUri a hypervisor's URI ({@code libvirt:qemu:///system}, {@code libvirt:qemu+ssh://lab-07/system})
     * @return whether it names a hypervisor on this machine (no host in it), whose images are then checked here
     */
    public static boolean isLocal(String hypervisorUri) {
        return !hypervisorUri.matches("(?s)[a-z]+:[a-z0-9+]+://[^/].*");
    }

    /**
     * Runs the whole workflow. Blocks until the last domain is gone (or kept).
     *
     * @return what happened
     * @throws UncheckedIOException when the run's directory cannot be written
     */
    public Result run() {
        Path dir = runDirectory();
        Prerequisites prerequisites = Prerequisites.check(cluster, hypervisor, local);
        write(dir.resolve("prerequisites.txt"), prerequisites.text());
        if (!prerequisites.passed()) {
            LOG.warn("{}: prerequisites missing:\n{}", cluster.cluster(), prerequisites.text());
            return new Result(Outcome.PREREQUISITES, dir, prerequisites, List.of(), List.of(), Optional.empty());
        }
        List<String> names = cluster.nodes().stream().map(ClusterFile.Node::name).toList();
        CampaignResult result = Campaign.named(cluster.cluster()).paths(names).iterations(1).clock(clock).directory(dir)
                .progress(options.progress())
                .safeState(() -> {
                    // a node's own cleanup runs when its cycle ends, also when it was stopped; this is for the ones
                    // whose cycle never got that far
                    if (options.cleanup()) {
                        defined.stream().filter(d -> !cleanedUp.contains(d)).forEach(domain -> destroy(domain, dir));
                    }
                })
                .build().run(cycle -> node(cycle, dir));
        List<Failure> failures = new ArrayList<>(result.failures());
        List<String> kept = verify(dir, failures);
        CampaignReport.Written report = CampaignReport.write(result.records(), dir);
        Outcome outcome = failures.isEmpty() ? Outcome.PASSED : Outcome.FAILED;
        return new Result(outcome, dir, prerequisites, List.copyOf(failures), kept, Optional.of(report));
    }

    /** One node's whole workflow, as the phases of its cycle. */
    private void node(Cycle cycle, Path dir) throws Exception {
        ClusterFile.Node node = cluster.nodes().stream().filter(n -> n.name().equals(cycle.path())).findFirst().orElseThrow();
        String domain = node.domain(cluster.cluster());
        Exception failure = null;
        try {
            phase(cycle, "define", () -> {
                DomainSpec spec = spec(node, domain);
                hypervisor.define(spec);
                defined.add(domain);
                if (!options.cleanup()) {
                    hypervisor.keepOnClose(domain);   // kept for debugging also when the client closes
                }
                append(dir, "cluster-start.log", domain + ": defined (" + node.memoryMiB() + " MiB, " + node.vcpus() + " vCPUs, "
                        + describe(node) + ")");
                return null;
            });
            phase(cycle, "start", () -> {
                hypervisor.start(domain);
                append(dir, "cluster-start.log", domain + ": started");
                return null;
            });
            long started = clock.nanoTime();
            String[] target = phase(cycle, "address", () -> address(domain));
            cycle.note("address", target[0] + ":" + target[1]);
            append(dir, "cluster-start.log", domain + ": SSH at " + target[0] + ":" + target[1]);
            try (HostShell guest = phase(cycle, "wait-ssh", () -> awaitSsh(cycle, target[0], Integer.parseInt(target[1]), dir))) {
                long bootMs = Duration.ofNanos(clock.nanoTime() - started).toMillis();
                cycle.note("bootToSshMs", bootMs);
                append(dir, "cluster-start.log", domain + ": SSH let " + cluster.sshUser() + " in " + bootMs + " ms after the start");
                String scripts = phase(cycle, "upload", () -> upload(guest, node));
                CommandResult run = phase(cycle, "run", () -> guest.run(Command.of("sh", scripts + "/run-all-tests.sh",
                        scripts + "/expected").withTimeout(cluster.timeouts().scripts())));
                List<String> failed = phase(cycle, "collect", () -> collect(cycle, domain, run, dir));
                phase(cycle, "validate", () -> {
                    if (!failed.isEmpty()) {
                        throw new HalException(domain, failed.size() + " check" + (failed.size() == 1 ? "" : "s") + " failed: "
                                + String.join("; ", failed));
                    }
                    if (run.exitCode() != 0) {
                        throw new HalException(domain, "the validation scripts exited with " + run.exitCode() + ": "
                                + lastLine(run.stderrText()));
                    }
                    return null;
                });
            }
        } catch (Exception e) {
            failure = e;
        }
        // cleanup whatever happened above; a node's own failure is what its report shows, a cleanup failure after it
        // is in the cleanup's record and in the verification
        if (options.cleanup() && defined.contains(domain)) {
            try {
                phase(cycle, "cleanup", () -> {
                    destroy(domain, dir);
                    return null;
                });
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private <T> T phase(Cycle cycle, String phase, java.util.concurrent.Callable<T> work) throws Exception {
        options.onPhase().accept(cycle.path(), phase);
        return cycle.phase(phase, work);
    }

    private DomainSpec spec(ClusterFile.Node node, String domain) {
        DomainSpec.Builder b = DomainSpec.builder(domain).memoryMiB(node.memoryMiB()).vcpus(node.vcpus());
        ClusterFile.Boot boot = cluster.boot();
        boot.disk().ifPresent(d -> b.disk(new DomainSpec.Disk(d.toAbsolutePath().toString(),
                d.getFileName().toString().endsWith(".raw") || d.getFileName().toString().endsWith(".img") ? "raw" : "qcow2",
                "vda", false)));
        boot.kernel().ifPresent(k -> b.kernelBoot(new DomainSpec.KernelBoot(k.toAbsolutePath().toString(),
                boot.initrd().map(i -> i.toAbsolutePath().toString()), boot.cmdline())));
        if (cluster.network().equals(ClusterFile.USER_NETWORK)) {
            int port = freePort();
            forwards.put(domain, port);
            b.forward(new DomainSpec.PortForward("127.0.0.1", port, cluster.sshPort()));
        } else {
            b.networkInterface(new DomainSpec.NetworkInterface(cluster.network(), Optional.empty(), "virtio"));
        }
        for (ClusterFile.Device d : node.devices()) {
            d.address().ifPresent(b::hostDevice);
            d.emulated().ifPresent(b::emulated);
        }
        return b.build();
    }

    /** @return host and port of the guest's SSH server */
    private String[] address(String domain) {
        Integer port = forwards.get(domain);
        if (port != null) {
            return new String[] {"127.0.0.1", Integer.toString(port)};
        }
        String ip = hypervisor.awaitAddress(domain, cluster.timeouts().address()).address();
        return new String[] {ip, Integer.toString(cluster.sshPort())};
    }

    /** Logs in until the guest's SSH server lets the user in, a try a second, within the SSH timeout. */
    private HostShell awaitSsh(Cycle cycle, String host, int port, Path dir) {
        long deadline = clock.nanoTime() + cluster.timeouts().ssh().toNanos();
        String uri = "ssh://" + cluster.sshUser() + "@" + host + ":" + port + "?identity=" + DeviceUri.encodeValue(cluster.sshKey().toAbsolutePath().toString())
                + "&knownHosts=" + DeviceUri.encodeValue(dir.resolve("known_hosts").toAbsolutePath().toString()) + "&acceptNewHostKey=true";
        HalException last = null;
        int tries = 0;
        while (clock.nanoTime() - deadline < 0) {
            long left = Math.max(1, Duration.ofNanos(deadline - clock.nanoTime()).toSeconds());
            tries++;
            HostShell shell = null;
            try {
                shell = registry.open(uri + "&connectTimeout=" + Math.min(10, left) + "s", HostShell.class);
                shell.run(Command.of("true").withTimeout(Duration.ofSeconds(Math.max(5, left))));
                cycle.note("sshTries", tries);
                return shell;
            } catch (HalException e) {
                last = e;
                if (shell != null) {
                    shell.close();
                }
                LOG.debug("{}:{}: not yet: {}", host, port, e.getMessage());
                clock.sleep(SSH_RETRY);
            }
        }
        throw new HalTimeoutException(host + ":" + port, "SSH did not let " + cluster.sshUser() + " in within "
                + Durations.format(cluster.timeouts().ssh()) + " (" + tries + " tries; last: "
                + (last == null ? "none" : last.getMessage()) + ")");
    }

    /** @return the guest's directory with the scripts and the expected devices */
    private String upload(HostShell guest, ClusterFile.Node node) throws IOException {
        // mktemp replaces the trailing run of X with as many random characters
        CommandResult made = guest.run(Command.of("mktemp", "-d", "/tmp/benchhal-validation." + "X".repeat(6)));
        String dir = made.requireSuccess().stdoutText().strip();
        if (!dir.matches("/tmp/benchhal-validation\\.[A-Za-z0-9]{6}")) {
            throw new HalException(guest.hostLabel(), "mktemp answered \"" + dir + "\", not the directory asked for");
        }
        for (Map.Entry<String, byte[]> script : scripts().entrySet()) {
            guest.writeFile(dir + "/" + script.getKey(), script.getValue());
        }
        StringBuilder expected = new StringBuilder();
        for (ClusterFile.Device d : node.devices()) {
            expected.append(d.name()).append(' ').append(d.vendorId()).append(' ').append(d.deviceId()).append(' ')
                    .append(d.driver().orElse("-")).append(' ')
                    .append(d.deviceFiles().isEmpty() ? "-" : String.join(",", d.deviceFiles())).append('\n');
        }
        guest.writeFile(dir + "/expected", expected.toString().getBytes(StandardCharsets.UTF_8));
        guest.run(Command.of("chmod", "0755", dir)).requireSuccess();
        return dir;
    }

    /** @return the validation scripts: the cluster file's directory, or the built-in ones */
    private Map<String, byte[]> scripts() throws IOException {
        Map<String, byte[]> scripts = new LinkedHashMap<>();
        if (cluster.validation().isPresent()) {
            Path own = cluster.validation().get();
            if (!Files.isRegularFile(own.resolve("run-all-tests.sh"))) {
                throw new HalException(own.toString(), "has no run-all-tests.sh, the script the campaign runs");
            }
            try (Stream<Path> files = Files.list(own)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sh")).sorted().toList()) {
                    scripts.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
            return scripts;
        }
        for (String name : SCRIPTS) {
            try (InputStream in = PassthroughCampaign.class.getResourceAsStream("validation/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("validation/" + name + " is missing from hal-harness");
                }
                scripts.put(name, in.readAllBytes());
            }
        }
        return scripts;
    }

    /** Writes the guest's results and notes each check; @return the failed checks */
    private List<String> collect(Cycle cycle, String domain, CommandResult run, Path dir) {
        write(dir.resolve("test-results-" + domain + ".log"), run.stdoutText()
                + (run.stderrText().isEmpty() ? "" : "--- stderr\n" + run.stderrText()) + "--- exit " + run.exitCode() + "\n");
        List<String> failed = new ArrayList<>();
        int passed = 0;
        for (String line : run.stdoutText().lines().toList()) {
            Matcher m = CHECK.matcher(line);
            if (!m.matches()) {
                continue;
            }
            cycle.note("check." + m.group(1) + "." + m.group(2), m.group(3) + (m.group(4).isEmpty() ? "" : " " + m.group(4)));
            if (m.group(3).equals("PASS")) {
                passed++;
            } else {
                failed.add(m.group(1) + " " + m.group(2) + ": " + m.group(4));
            }
        }
        cycle.note("checksPassed", passed);
        cycle.note("checksFailed", failed.size());
        if (passed + failed.size() == 0 && run.exitCode() == 0) {
            failed.add("the validation scripts printed no CHECK line");
        }
        return failed;
    }

    /** Destroys and undefines a domain of this run; a failure is logged and the domain stays in {@link #defined}. */
    private void destroy(String domain, Path dir) {
        if (!defined.contains(domain)) {
            return;
        }
        cleanedUp.add(domain);
        try {
            hypervisor.destroy(domain);
            hypervisor.undefine(domain);
            defined.remove(domain);
            append(dir, "cluster-destroy.log", domain + ": destroyed and undefined");
        } catch (HalException e) {
            append(dir, "cluster-destroy.log", domain + ": cleanup failed: " + e.getMessage());
            throw e;
        }
    }

    /** Checks that no domain of this run is left (or names the ones kept); adds a failure for what is left. */
    private List<String> verify(Path dir, List<Failure> failures) {
        Set<String> ours = cluster.nodes().stream().map(n -> n.domain(cluster.cluster())).collect(Collectors.toSet());
        List<String> left;
        try {
            left = hypervisor.domains().stream().map(DomainInfo::name).filter(ours::contains).sorted().toList();
        } catch (HalException e) {
            List<String> maybe = defined.stream().sorted().toList();
            String message = "cannot list the hypervisor's domains to verify that none is left: " + e.getMessage()
                    + (maybe.isEmpty() ? "" : "; possibly left: " + String.join(", ", maybe) + " (" + manual(maybe) + ")");
            append(dir, "cluster-destroy.log", "verify: " + message);
            failures.add(new Failure("cluster", 1, "verify", message, e));
            return maybe;
        }
        if (left.isEmpty()) {
            append(dir, "cluster-destroy.log", "verify: no domain of " + cluster.cluster() + " is left");
        } else if (options.cleanup()) {
            String message = "left behind: " + String.join(", ", left) + " (" + manual(left) + ")";
            append(dir, "cluster-destroy.log", "verify: " + message);
            failures.add(new Failure("cluster", 1, "verify", message, null));
        } else {
            append(dir, "cluster-destroy.log", "verify: kept for debugging (--no-cleanup): " + String.join(", ", left)
                    + " (" + manual(left) + ")");
        }
        return left;
    }

    private String manual(List<String> domains) {
        String connect = cluster.hypervisor().replaceFirst("^libvirt:", "");
        return domains.stream().map(d -> "virsh -c '" + connect + "' destroy " + d + "; virsh -c '" + connect + "' undefine " + d)
                .collect(Collectors.joining("; "));
    }

    private Path runDirectory() {
        String stamp = LocalDateTime.now(java.time.ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss"));
        try {
            Files.createDirectories(options.logs());
            for (int i = 1; ; i++) {
                Path dir = options.logs().resolve("run-" + stamp + (i == 1 ? "" : "-" + i));
                try {
                    return Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // two runs in one second: the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the run's directory in " + options.logs(), e);
        }
    }

    private static String describe(ClusterFile.Node node) {
        return node.devices().isEmpty() ? "no devices" : node.devices().stream()
                .map(d -> d.name() + " " + d.vendorId() + ":" + d.deviceId() + d.address().map(a -> " from " + a).orElse(" emulated"))
                .collect(Collectors.joining(", "));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1 for a guest's SSH", e);
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no stderr)" : lines.get(lines.size() - 1);
    }

    private static synchronized void append(Path dir, String file, String line) {
        try {
            Files.writeString(dir.resolve(file), LocalDateTime.now(java.time.ZoneId.systemDefault()) + " " + line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " in " + dir, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
