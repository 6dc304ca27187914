package dev.benchhal.tck;

import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.shell.HostShell;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link HostShell} contract, for {@code local:}, SSH and any other shell. The host needs a
 * POSIX userland ({@code sh}, {@code printf}, {@code cat}, {@code head}, {@code sleep},
 * {@code seq}, {@code kill}) and a directory the tests may write to, given by {@link #scratchDirectory()}.
 */
public abstract class HostShellContract extends DeviceContract<HostShell> {

    /** For driver tests that extend this contract. */
    protected HostShellContract() {
    }

    /** @return an absolute directory on the host the tests may create files in */
    protected abstract String scratchDirectory();

    @Override
    protected void touch(HostShell shell) {
        shell.run("true");
    }

    private String scratch(String name) {
        return scratchDirectory() + "/" + name;
    }

    @Test
    void runsAProgramAndReturnsItsOutput() {
        CommandResult r = device.run("echo", "hello");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutText()).isEqualTo("hello\n");
        assertThat(r.stderrText()).isEmpty();
        assertThat(r.argv()).containsExactly("echo", "hello");
    }

    @Test
    void reportsTheExitCodeAndKeepsStderrApart() {
        CommandResult r = device.run("sh", "-c", "echo out; echo err >&2; exit 7");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stdoutText()).isEqualTo("out\n");
        assertThat(r.stderrText()).isEqualTo("err\n");
        assertThatThrownBy(r::requireSuccess).hasMessageContaining("exited 7: err");
    }

    @Test
    void passesEveryArgumentVerbatim() {
        List<String> tricky = List.of("two words", "it's", "\"quoted\"", "$HOME", "`id`", "$(id)", "a;b", "x|y", "*",
                "back\\slash", "", "-n", "ümlaut ✓", "tab\there", "new\nline", "'", "!");
        List<String> argv = new ArrayList<>(List.of("printf", "[%s]"));
        argv.addAll(tricky);
        CommandResult r = device.run(Command.of(argv));
        StringBuilder expected = new StringBuilder();
        tricky.forEach(t -> expected.append('[').append(t).append(']'));
        assertThat(r.stdoutText()).isEqualTo(expected.toString());
    }

    @Test
    void setsEnvironmentAndWorkingDirectory() {
        CommandResult env = device.run(Command.of("sh", "-c", "printf %s \"$BENCHHAL_TCK\"")
                .withEnv("BENCHHAL_TCK", "value with spaces; and $dollar"));
        assertThat(env.stdoutText()).isEqualTo("value with spaces; and $dollar");
        CommandResult pwd = device.run(Command.of("pwd").withWorkingDirectory(scratchDirectory()));
        assertThat(pwd.stdoutText().strip()).endsWith(scratchDirectory().replaceAll("/+$", "").replaceAll(".*/", "/"));
    }

    @Test
    void feedsStandardInput() {
        byte[] input = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        assertThat(device.run(Command.of("cat").withStdin(input)).stdout()).isEqualTo(input);
    }

    @Test
    void keepsBinaryOutputIntact() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(device.run(Command.of("cat").withStdin(all)).stdout()).isEqualTo(all);
    }

    @Test
    void boundsTheOutputAndSaysSo() {
        CommandResult r = device.run(Command.of("head", "-c", "100000", "/dev/zero").withMaxOutputBytes(1000));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(1000);
        assertThat(r.stdoutTruncated()).isTrue();
        assertThat(r.stderrTruncated()).isFalse();
    }

    @Test
    void returnsLargeOutputWhole() {
        CommandResult r = device.run("seq", "1", "300000");
        String out = r.stdoutText();
        assertThat(out).startsWith("1\n2\n").endsWith("\n300000\n");
        assertThat(out.lines().count()).isEqualTo(300000);
        assertThat(r.stdoutTruncated()).isFalse();
    }

    @Test
    void timeoutKillsTheWholeProcessTree() {
        String pids = scratch("tck-pids-" + System.nanoTime());
        Command c = Command.of("sh", "-c", "echo $$ > " + pids + "; sleep 60 & echo $! >> " + pids + "; wait")
                .withTimeout(Duration.ofSeconds(2));
        assertThatThrownBy(() -> device.run(c)).isInstanceOf(HalTimeoutException.class)
                .hasMessageContaining("did not finish within 2 s");
        for (String pid : device.readText(pids).strip().split("\\s+", -1)) {
            assertGone(pid);
        }
    }

    @Test
    void startedProcessTalksThroughItsStreams() throws Exception {
        try (HostProcess cat = device.start(Command.of("sh", "-c", "echo started >&2; cat; echo done >&2; exit 3"))) {
            BufferedReader out = reader(cat.stdout());
            BufferedReader err = reader(cat.stderr());
            assertThat(err.readLine()).isEqualTo("started");
            for (int i = 0; i < 50; i++) {
                cat.stdin().write(("ping " + i + "\n").getBytes(StandardCharsets.UTF_8));
                cat.stdin().flush();
                assertThat(out.readLine()).isEqualTo("ping " + i);
            }
            assertThat(cat.isAlive()).isTrue();
            assertThat(cat.pid()).isPositive();
            cat.stdin().close();
            assertThat(out.readLine()).isNull();
            assertThat(err.readLine()).isEqualTo("done");
            assertThat(cat.waitFor(Duration.ofMinutes(1))).contains(3);
            assertThat(cat.isAlive()).isFalse();
        }
    }

    @Test
    void startedProcessGetsArgumentsEnvironmentDirectoryAndStdin() throws Exception {
        Command c = Command.of("sh", "-c", "printf '[%s]' \"$1\" \"$BENCHHAL_TCK\"; pwd; cat", "sh", "it's $HOME; `id`")
                .withEnv("BENCHHAL_TCK", "a b")
                .withWorkingDirectory(scratchDirectory())
                .withStdin("given\n".getBytes(StandardCharsets.UTF_8));
        try (HostProcess p = device.start(c)) {
            p.stdin().close();
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).startsWith("[it's $HOME; `id`][a b]").endsWith("\ngiven\n");
            assertThat(out.lines().findFirst().orElseThrow())
                    .endsWith(scratchDirectory().replaceAll("/+$", "").replaceAll(".*/", "/"));
            assertThat(p.waitFor(Duration.ofMinutes(1))).contains(0);
        }
    }

    @Test
    void killEndsTheWholeTreeOfAStartedProcess() throws Exception {
        try (HostProcess p = device.start(Command.of("sh", "-c", "sleep 60 & echo $$ $!; wait"))) {
            String[] pids = reader(p.stdout()).readLine().strip().split(" ", -1);
            assertThat(p.kill()).isGreaterThanOrEqualTo(2);
            assertThat(p.isAlive()).isFalse();
            for (String pid : pids) {
                assertGone(pid);
            }
            assertThat(p.kill()).isZero();
        }
    }

    @Test
    void closingAStartedProcessKillsIt() throws Exception {
        String pid;
        try (HostProcess p = device.start(Command.of("sh", "-c", "echo $$; exec sleep 60"))) {
            pid = reader(p.stdout()).readLine().strip();
        }
        assertGone(pid);
    }

    @Test
    void startingAMissingProgramOrDirectoryIsNotFound() {
        assertThatThrownBy(() -> device.start(Command.of("benchhal-no-such-program-x9")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("benchhal-no-such-program-x9");
        assertThatThrownBy(() -> device.start(Command.of("true").withWorkingDirectory(scratch("no-such-dir"))))
                .isInstanceOf(NotFoundException.class);
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Waits up to 5 s (on the host) for a killed process to be gone; a zombie counts as gone. */
    private void assertGone(String pid) {
        CommandResult alive = device.run("sh", "-c", "for i in $(seq 50); do kill -0 " + pid
                + " 2>/dev/null || exit 1; grep -q '^State:.*Z' /proc/" + pid + "/status 2>/dev/null && exit 1; sleep 0.1; done");
        assertThat(alive.exitCode()).as("process " + pid + " must be gone").isNotZero();
    }

    @Test
    void missingProgramIsNotFound() {
        assertThatThrownBy(() -> device.run("benchhal-no-such-program-x9")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("benchhal-no-such-program-x9");
    }

    @Test
    void filesRoundTripByteForByte() {
        String path = scratch("tck-file-" + System.nanoTime() + ".bin");
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        device.writeFile(path, content);
        assertThat(device.readFile(path)).isEqualTo(content);
        device.writeFile(path, "replaced".getBytes(StandardCharsets.UTF_8));
        assertThat(device.readText(path)).isEqualTo("replaced");
        assertThat(device.run("ls", "-la", scratchDirectory()).stdoutText()).doesNotContain(".tmp");
    }

    @Test
    void uploadAndDownloadRoundTrip() throws Exception {
        Path local = Files.createTempFile("benchhal-tck", ".bin");
        Path back = Files.createTempFile("benchhal-tck", ".back");
        try {
            byte[] content = new byte[300_000];
            new Random(7).nextBytes(content);
            Files.write(local, content);
            String remote = scratch("tck-upload-" + System.nanoTime());
            device.upload(local, remote);
            device.download(remote, back);
            assertThat(Files.readAllBytes(back)).isEqualTo(content);
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(back);
        }
    }

    @Test
    void missingFileIsNotFound() {
        assertThatThrownBy(() -> device.readFile(scratch("no-such-file"))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-file");
    }

    @Test
    void manyThreadsShareOneShell() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String word = "job-" + i;
                results.add(pool.submit(() -> device.run("echo", word).stdoutText()));
            }
            for (int i = 0; i < 64; i++) {
                assertThat(results.get(i).get(2, TimeUnit.MINUTES)).isEqualTo("job-" + i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
