package dev.benchhal.lab.lease;

import dev.benchhal.core.util.ProcessTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real PostgreSQL server private to one test class, as a lab's database would be: Debian's binaries, a
 * temporary data directory, listening on 127.0.0.1 only, password authentication (SCRAM) for its one user.
 * Root cannot run PostgreSQL, so as root it runs as {@code nobody}. Killed and removed at close.
 *
 * <p>Where PostgreSQL is not installed the tests are skipped, except on CI ({@code CI=true}), where
 * {@code .ci/run} installs it and a skip would hide a missing install step.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivatePostgres.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();
    public static final String USER = "lab";
    /** A throwaway password for a throwaway server; it still goes only through connection properties. */
    private static final String PASSWORD = "bench-" + java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(8));
    private static PrivatePostgres shared;

    private final Path dir;
    private final Process server;
    private final int port;

    private PrivatePostgres(Path dir, Process server, int port) {
        this.dir = dir;
        this.server = server;
        this.port = port;
    }

    /**
     * The one server of this test JVM, started on first use and stopped when the JVM ends: the test classes keep to
     * board names of their own.
     */
    public static synchronized PrivatePostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            PrivatePostgres server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException | InterruptedException e) {
                    LOG.warn("stopping the private PostgreSQL: {}", e.toString());
                }
            }, "private-postgres-stop"));
            shared = server;
        }
        return shared;
    }

    static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean installed = bin != null;
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI must install PostgreSQL (package postgresql, see .ci/run)");
        }
        assumeTrue(installed, "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/postgres)");
        Path dir = Files.createDirectory(Path.of("/tmp", "bhpg" + ProcessHandle.current().pid() + "-" + SERVERS.incrementAndGet()));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
        run(dir, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C"));
        Files.delete(passwordFile);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> command = asServerUser(dir, List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                    "-h", "127.0.0.1", "-p", Integer.toString(port), "-k", dir.toString(),
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
                    "-c", "logging_collector=off"));
            Process server = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            CountDownLatch ready = new CountDownLatch(1);
            List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        log.add(line);
                        if (line.contains("database system is ready to accept connections")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    log.add(e.toString());
                } finally {
                    ready.countDown();
                }
            }, "postgres-log-" + port);
            reader.setDaemon(true);
            reader.start();
            ready.await(60, TimeUnit.SECONDS);
            if (server.isAlive() && log.stream().anyMatch(l -> l.contains("ready to accept connections"))) {
                LOG.info("private PostgreSQL (pid {}) on 127.0.0.1:{}", server.pid(), port);
                return new PrivatePostgres(dir, server, port);
            }
            ProcessTrees.kill(server);
            if (attempt == 3 || log.stream().noneMatch(l -> l.contains("could not bind"))) {
                throw new IOException("PostgreSQL did not start: " + String.join("\n", log));
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return p;
    }

    /** @return the password, for tests that check it never reaches a message */
    public static String password() {
        return PASSWORD;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            ProcessTrees.kill(server);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asServerUser(dir, command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static List<String> asServerUser(Path dir, List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + dir, "LANG=C", "TZ=UTC"));
        full.addAll(command);
        return full;
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
