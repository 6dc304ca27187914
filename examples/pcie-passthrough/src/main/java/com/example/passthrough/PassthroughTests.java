package com.example.passthrough;

import dev.benchhal.error.HalException;
import dev.benchhal.harness.Failure;
import dev.benchhal.harness.Progress;
import dev.benchhal.harness.passthrough.ClusterFile;
import dev.benchhal.harness.passthrough.PassthroughCampaign;
import dev.benchhal.hypervisor.HypervisorClient;
import dev.benchhal.spi.DriverRegistry;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The PCIe passthrough test framework (the seed's {@code test-pcie-passthrough-framework.sh}) on Bench HAL: a thin main
 * over the library's {@link PassthroughCampaign}. Prerequisites check, deploy, VM discovery, wait for SSH, upload and
 * run the validation scripts, collect the results into {@code logs/run-YYYY-MM-DD_HH-MM-SS/}, clean up, verify that no
 * VM is left. The seed's options and exit codes: 0 when every test passed, 1 when a test failed or the framework met
 * an error (a missing prerequisite, a bad cluster file); 2 for a usage error.
 *
 * <p>DESIGN_GAPS, what this example leaves to you:
 * <ul>
 *   <li>Images and keys are made elsewhere (the seed's Packer build); the prerequisites check only finds them.</li>
 *   <li>The validation scripts are the library's (device in the PCI list, driver bound, device files, nvidia-smi for
 *       NVIDIA); a directory of your own goes in the cluster file's {@code validation:}.</li>
 *   <li>One cluster file per run; run several in a shell loop, as the seed's CI example does.</li>
 * </ul>
 */
public final class PassthroughTests {

    static final String USAGE = "usage: passthrough [--config FILE] [--ssh-user USER] [--ssh-key FILE] [--no-cleanup] "
            + "[--verbose] [--logs DIR]";

    private PassthroughTests() {
    }

    /**
     * The options of the seed's script.
     *
     * @param config  the cluster file
     * @param sshUser replaces the file's user
     * @param sshKey  replaces the file's key
     * @param cleanup off with {@code --no-cleanup}
     * @param verbose every step as it starts, and the guests' results
     * @param logs    where {@code run-TIMESTAMP/} goes
     */
    record Options(Path config, Optional<String> sshUser, Optional<Path> sshKey, boolean cleanup, boolean verbose, Path logs) {

        static Options parse(String... args) {
            Path config = Path.of("configs/test-pcie-passthrough-minimal.yaml");
            Optional<String> user = Optional.empty();
            Optional<Path> key = Optional.empty();
            boolean cleanup = true;
            boolean verbose = false;
            Path logs = Path.of("logs");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = Path.of(value(args, ++i, "--config"));
                    case "--ssh-user" -> user = Optional.of(value(args, ++i, "--ssh-user"));
                    case "--ssh-key" -> key = Optional.of(Path.of(value(args, ++i, "--ssh-key")));
                    case "--no-cleanup" -> cleanup = false;
                    case "--verbose" -> verbose = true;
                    case "--logs" -> logs = Path.of(value(args, ++i, "--logs"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(config, user, key, cleanup, verbose, logs);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * Parses the command line, sets up logging, runs the tests and exits with their code.
     *
     * @param args the options ({@link #USAGE})
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("passthrough: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", options.verbose() ? "info" : "warn");
        System.exit(run(options, DriverRegistry.load(), System.out, System.err));
    }

    /**
     * Runs the whole workflow; blocks until the last VM is gone.
     *
     * @param options what to run
     * @param drivers the drivers (libvirt, SSH)
     * @param out     the prerequisites, the steps with --verbose, the summary
     * @param err     failures and errors, one line each
     * @return the exit code: 0 every test passed, 1 otherwise
     */
    static int run(Options options, DriverRegistry drivers, PrintStream out, PrintStream err) {
        try {
            ClusterFile cluster = ClusterFile.load(options.config()).withSsh(options.sshUser(), options.sshKey());
            PassthroughCampaign.Options how = new PassthroughCampaign.Options(options.logs(), options.cleanup(),
                    options.verbose() ? Progress.none() : Progress.automatic(), (node, phase) -> {
                        if (options.verbose()) {
                            out.println("  " + node + ": " + phase);
                        }
                    });
            try (HypervisorClient hypervisor = drivers.open(cluster.hypervisor(), HypervisorClient.class)) {
                PassthroughCampaign.Result result = new PassthroughCampaign(cluster, hypervisor, drivers,
                        PassthroughCampaign.isLocal(cluster.hypervisor()), how).run();
                out.print(result.prerequisites().text());
                for (Failure f : result.failures()) {
                    err.println("FAILED " + f);
                }
                if (!result.kept().isEmpty()) {
                    out.println("VMs kept: " + String.join(", ", result.kept()) + " (how to remove them: "
                            + result.directory().resolve("cluster-destroy.log") + ")");
                }
                out.println("passthrough: " + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + "; logs in "
                        + result.directory());
                return result.outcome() == PassthroughCampaign.Outcome.PASSED ? 0 : 1;
            }
        } catch (HalException e) {
            err.println("passthrough: " + e.getMessage());
            return 1;
        }
    }
}
