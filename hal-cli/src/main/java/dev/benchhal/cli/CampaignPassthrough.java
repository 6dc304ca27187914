package dev.benchhal.cli;

import dev.benchhal.cli.spi.ExitCode;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.passthrough.ClusterFile;
import dev.benchhal.harness.passthrough.PassthroughCampaign;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code benchhal campaign passthrough}: the seed's PCIe passthrough test framework on a real hypervisor. */
@Command(name = "passthrough", description = "Test PCIe passthrough on a hypervisor (the seed's framework): check the "
        + "prerequisites, define and start the cluster file's nodes with their devices, wait for each guest's SSH, upload and "
        + "run the validation scripts (device in the PCI list, driver bound, device files), collect the results into "
        + "--logs/run-TIMESTAMP/ with a report, destroy and undefine the domains and verify that none is left. Exit 0 when "
        + "every check passed, 1 when a check or a step failed (the domains are removed all the same), 3 when the cluster "
        + "file is wrong, 4 when a prerequisite is missing (nothing is deployed). --verbose prints every step of every node "
        + "as it starts and each guest's results.")
final class CampaignPassthrough implements Callable<Integer> {

    @ParentCommand
    CampaignCommand campaign;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the cluster file (YAML): hypervisor, "
            + "SSH, boot images, nodes and their PCIe devices (docs/passthrough.md)")
    Path config;
    @Option(names = "--ssh-user", paramLabel = "USER", description = "the guests' user; default the cluster file's (admin)")
    String sshUser;
    @Option(names = "--ssh-key", paramLabel = "FILE", description = "the private key that logs into the guests; default the "
            + "cluster file's")
    Path sshKey;
    @Option(names = "--no-cleanup", description = "keep the domains at the end, also after a failure, for debugging (the "
            + "command says how to remove them)")
    boolean noCleanup;
    @Option(names = "--logs", paramLabel = "DIR", description = "where run-TIMESTAMP/ goes; default logs")
    Path logs = Path.of("logs");

    @Override
    public Integer call() throws Exception {
        BenchHalCli root = campaign.root;
        PrintWriter out = spec.commandLine().getOut();
        // the global --verbose (-v): every step of every node as it starts, and each guest's results
        boolean verbose = root.verbose.length > 0;
        ClusterFile cluster = ClusterFile.load(root.resolve(config))
                .withSsh(Optional.ofNullable(sshUser), Optional.ofNullable(sshKey).map(root::resolve));
        out.printf("passthrough: cluster %s, %d node%s on %s%s%n", cluster.cluster(), cluster.nodes().size(),
                cluster.nodes().size() == 1 ? "" : "s", cluster.hypervisor(), noCleanup ? " (no cleanup)" : "");
        out.flush();
        PassthroughCampaign.Options options = new PassthroughCampaign.Options(root.resolve(logs), !noCleanup,
                verbose ? Progress.none() : Progress.automatic(), (node, phase) -> {
                    if (verbose) {
                        synchronized (out) {
                            out.println("  " + node + ": " + phase);
                            out.flush();
                        }
                    }
                });
        try (HypervisorClient hypervisor = root.registry().open(cluster.hypervisor(), HypervisorClient.class)) {
            PassthroughCampaign.Result result = new PassthroughCampaign(cluster, hypervisor, root.registry(),
                    PassthroughCampaign.isLocal(cluster.hypervisor()), options).run();
            out.print(result.prerequisites().text());
            if (result.outcome() == PassthroughCampaign.Outcome.PREREQUISITES) {
                out.println("passthrough: prerequisites missing, nothing deployed; see " + result.directory().resolve("prerequisites.txt"));
                return ExitCode.NOT_FOUND;
            }
            if (verbose) {
                Path started = result.directory().resolve("cluster-start.log");
                if (Files.isRegularFile(started)) {
                    out.println("--- " + started.getFileName());
                    out.print(Files.readString(started));
                }
                for (ClusterFile.Node node : cluster.nodes()) {
                    Path log = result.directory().resolve("test-results-" + node.domain(cluster.cluster()) + ".log");
                    if (Files.isRegularFile(log)) {
                        out.println("--- " + log.getFileName());
                        out.print(Files.readString(log));
                    }
                }
            }
            for (Failure f : result.failures()) {
                out.println("FAILED " + f);
            }
            if (!result.kept().isEmpty()) {
                out.println((noCleanup ? "kept: " : "left: ") + String.join(", ", result.kept()) + " (see "
                        + result.directory().resolve("cluster-destroy.log") + " for how to remove them)");
            }
            out.printf("passthrough: %s; logs in %s%s%n", result.outcome() == PassthroughCampaign.Outcome.PASSED ? "passed"
                    : result.failures().size() + " failure" + (result.failures().size() == 1 ? "" : "s"), result.directory(),
                    result.report().map(r -> ", report " + r.html()).orElse(""));
            return result.outcome() == PassthroughCampaign.Outcome.PASSED ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
