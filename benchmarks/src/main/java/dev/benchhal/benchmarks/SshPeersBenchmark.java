package dev.benchhal.benchmarks;

import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.tck.ssh.LoopbackSshServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * hal-ssh per command against its peers, in one run, against one loopback sshd: the OpenSSH client
 * with a new connection per command, OpenSSH with a ControlMaster, asyncssh and paramiko
 * (benchmarks/ssh/peers.py, Debian's python3-asyncssh and python3-paramiko), and hal-ssh with a
 * channel per command and with the persistent session. Each client runs {@code true} N times
 * after a warm-up, sequentially and with 64 callers at once (in flight at most: 64 OpenSSH client
 * processes; 6 channels on the Python peers' one connection, as the server allows 10 sessions per
 * connection and paramiko's closing channels count for a while; hal-ssh's defaults, 4 connections of 8 channels; the persistent session's one helper
 * runs all 64; the ControlMaster is left out, its one connection allowing 10); the clients take turns (round robin, R rounds)
 * and the figure is the median per command. Not JMH: the Python peers time their own loops in their
 * own processes, after connecting, and every client here is measured the same way (connection
 * made and warmed up first).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.benchhal.benchmarks.SshPeersBenchmark [N] [R]</pre>
 */
public final class SshPeersBenchmark {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int CONCURRENCY = 64;

    private SshPeersBenchmark() {
    }

    /**
     * @param args N commands per measurement (default 200), R rounds (default 5)
     * @throws Exception when a client fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("benchhal-ssh-peers");
        Path peers = Path.of("benchmarks", "ssh", "peers.py");
        try (LoopbackSshServer sshd = LoopbackSshServer.start(dir);
             HostShell exec = open(sshd, "lazy=false");
             HostShell persistent = open(sshd, "persistent=true")) {
            String user = System.getProperty("user.name");
            List<String> ssh = List.of("ssh", "-i", sshd.userKey().toString(), "-o", "UserKnownHostsFile=" + sshd.knownHosts(),
                    "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", String.valueOf(sshd.port()));
            List<String> master = new ArrayList<>(ssh);
            master.addAll(List.of("-o", "ControlMaster=auto", "-o", "ControlPath=" + dir.resolve("cm-%C"),
                    "-o", "ControlPersist=300"));
            Map<String, Client> clients = new LinkedHashMap<>();
            clients.put("OpenSSH client, new connection each time",
                    c -> processes(ssh, user, c > 1 ? Math.max(n / 10, CONCURRENCY) : n / 10, c));
            clients.put("OpenSSH with ControlMaster", c -> c > 10 ? Double.NaN : processes(master, user, n, c));
            clients.put("paramiko 2.12, one connection", c -> python(peers, "paramiko", sshd, user, n, c));
            clients.put("asyncssh 2.10, one connection", c -> python(peers, "asyncssh", sshd, user, n, c));
            clients.put("hal-ssh, channel per command", c -> shell(exec, n, c));
            clients.put("hal-ssh, persistent session", c -> shell(persistent, n, c));
            Map<String, List<Double>> sequential = new LinkedHashMap<>();
            Map<String, List<Double>> concurrent = new LinkedHashMap<>();
            for (Map.Entry<String, Client> c : clients.entrySet()) { // warm-up, and the ControlMaster's connection
                c.getValue().perCommandMillis(1);
                sequential.put(c.getKey(), new ArrayList<>());
                concurrent.put(c.getKey(), new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Client> c : clients.entrySet()) {
                    sequential.get(c.getKey()).add(c.getValue().perCommandMillis(1));
                    concurrent.get(c.getKey()).add(c.getValue().perCommandMillis(CONCURRENCY));
                }
            }
            double asyncssh = median(sequential.get("asyncssh 2.10, one connection"));
            double asyncsshConcurrent = median(concurrent.get("asyncssh 2.10, one connection"));
            System.out.printf(Locale.ROOT, "%d commands per measurement, %d rounds, median per command%n%n", n, rounds);
            System.out.println("| client | sequential | vs asyncssh | 64 at once | vs asyncssh |");
            System.out.println("|---|---|---|---|---|");
            for (String name : clients.keySet()) {
                double s = median(sequential.get(name));
                double c = median(concurrent.get(name));
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, ms(s), ratio(s / asyncssh), ms(c),
                        ratio(c / asyncsshConcurrent));
            }
            processes(List.of("ssh", "-O", "exit", "-o", "ControlPath=" + dir.resolve("cm-%C"), "-p",
                    String.valueOf(sshd.port())), user, 1, 1);
        }
    }

    @FunctionalInterface
    private interface Client {
        double perCommandMillis(int concurrency) throws Exception;
    }

    private static HostShell open(LoopbackSshServer sshd, String options) {
        return DriverRegistry.load().open(sshd.uri() + "?identity=" + sshd.userKey() + "&knownHosts=" + sshd.knownHosts()
                + "&" + options, HostShell.class);
    }

    private static double shell(HostShell shell, int n, int concurrency) throws Exception {
        return timed(n, concurrency, () -> {
            if (shell.run("true").exitCode() != 0) {
                throw new IllegalStateException("true failed");
            }
        });
    }

    private static double processes(List<String> ssh, String user, int n, int concurrency) throws Exception {
        List<String> argv = new ArrayList<>(ssh);
        argv.add(user + "@127.0.0.1");
        argv.add("true");
        return timed(n, concurrency, () -> {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor() != 0 && !argv.contains("-O")) {
                throw new IllegalStateException(String.join(" ", argv) + " failed");
            }
        });
    }

    private static double python(Path peers, String peer, LoopbackSshServer sshd, String user, int n, int concurrency)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, peers.toString(), peer, "127.0.0.1", String.valueOf(sshd.port()), user,
                sshd.userKey().toString(), sshd.knownHosts().toString(), String.valueOf(n), String.valueOf(concurrency))
                .redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String out = all.substring(all.lastIndexOf('\n') + 1); // the figure; paramiko logs refused channels before it
        if (p.waitFor() != 0 || !out.matches("[0-9.]+")) {
            // a failed measurement is left out of the medians, and said
            System.err.println(peer + " failed (python3-" + peer + " installed?): " + all);
            return Double.NaN;
        }
        return Double.parseDouble(out);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static double timed(int n, int concurrency, Step step) throws Exception {
        long start = System.nanoTime();
        if (concurrency <= 1) {
            for (int i = 0; i < n; i++) {
                step.run();
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    all.add(pool.submit(() -> {
                        step.run();
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.removeIf(x -> x.isNaN());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.2f ms" : "%.1f ms", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }
}
