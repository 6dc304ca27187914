package dev.benchhal.benchmarks;

import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalHostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.ssh.LoopbackSshServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * 100 sequential {@code true} commands on one host: through the pooled {@code ssh://} shell, through
 * its persistent session ({@code persistent=true}), and as 100 runs of the OpenSSH {@code ssh} client (what Python glue does with subprocess). Both
 * against the same loopback sshd in one run, so their ratio is the figure to read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class SshRoundTripBenchmark {

    private static final int COMMANDS = 100;

    private Path dir;
    private LoopbackSshServer sshd;
    private HostShell pooled;
    private HostShell persistent;
    private HostShell local;
    private String[] client;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("benchhal-ssh-bench");
        sshd = LoopbackSshServer.start(dir);
        pooled = DriverRegistry.load().open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts(),
                HostShell.class);
        persistent = DriverRegistry.load().open(sshd.uri() + "?persistent=true&identity=" + sshd.userKey() + "&knownHosts="
                + sshd.knownHosts(), HostShell.class);
        local = new LocalHostShell();
        client = new String[]{"ssh", "-i", sshd.userKey().toString(), "-o", "UserKnownHostsFile=" + sshd.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", String.valueOf(sshd.port()),
                System.getProperty("user.name") + "@127.0.0.1", "true"};
    }

    @TearDown(Level.Trial)
    public void stop() {
        pooled.close();
        persistent.close();
        local.close();
        sshd.close();
    }

    /** @return the sum of exit codes, so nothing is optimized away */
    @Benchmark
    public int pooledShell100Commands() {
        int sum = 0;
        for (int i = 0; i < COMMANDS; i++) {
            sum += pooled.run("true").exitCode();
        }
        return sum;
    }

    /** @return the sum of exit codes */
    @Benchmark
    public int persistentSession100Commands() {
        int sum = 0;
        for (int i = 0; i < COMMANDS; i++) {
            sum += persistent.run("true").exitCode();
        }
        return sum;
    }

    /** @return the sum of exit codes */
    @Benchmark
    public int opensshClient100Runs() {
        int sum = 0;
        for (int i = 0; i < COMMANDS; i++) {
            sum += local.run(client).exitCode();
        }
        return sum;
    }
}
