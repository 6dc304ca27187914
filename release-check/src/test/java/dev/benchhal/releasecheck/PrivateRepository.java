package dev.benchhal.releasecheck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Maven repository server of a team's own, private to one test: nginx from Debian on 127.0.0.1 with two locations.
 * {@code /releases/} is where a release is deployed: WebDAV {@code PUT}, basic authentication for every request
 * (the password salted and hashed in the password file), what Maven's deploy plugin talks to. {@code /central/} serves
 * this machine's local Maven repository read-only as the team's cache of Maven Central, without any
 * {@code dev.benchhal} artifact: a consumer's build gets Bench HAL from {@code /releases/} or not at all.
 * {@code /broken/} serves, read-only, whatever a test copies into the directory {@code broken} beside
 * {@link #releases()}.
 *
 * <p>nginx runs as one process in the foreground ({@code master_process off}), so as root it reads the local
 * repository without switching users. Where nginx is not installed the tests are skipped, except on CI
 * ({@code CI=true}), where {@code .ci/run} installs it and a skip would hide a missing install step.
 */
final class PrivateRepository implements AutoCloseable {

    static final String USER = "deployer";

    private final Path dir;
    private final Process server;
    private final int port;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private PrivateRepository(Path dir, Process server, int port, String password) {
        this.dir = dir;
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts the server.
     *
     * @param dir an empty directory of the test's: configuration, logs and the deployed files ({@code releases/})
     * @param centralCache the local Maven repository to serve as {@code /central/}
     */
    static PrivateRepository start(Path dir, Path centralCache) throws IOException, InterruptedException {
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx) && "true".equals(System.getenv("CI"))) {
            fail("CI must install nginx (package nginx, see .ci/run)");
        }
        assumeTrue(Files.isExecutable(nginx), "nginx is not installed (apt-get install nginx): the release is not deployed");
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Files.createDirectories(dir.resolve("releases"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("htpasswd"), USER + ":" + ssha(password) + "\n");
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Files.writeString(dir.resolve("nginx.conf"), configuration(dir, centralCache, port));
            Process server = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            PrivateRepository repository = new PrivateRepository(dir, server, port, password);
            if (repository.answers()) {
                return repository;
            }
            repository.close();
            String log = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
            if (attempt == 3 || !log.contains("Address already in use")) {
                throw new IOException("nginx did not start on 127.0.0.1:" + port + ":\n" + log
                        + Files.readString(dir.resolve("nginx.out")));
            }
        }
    }

    private static String configuration(Path dir, Path centralCache, int port) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    client_max_body_size 256m;
                    types { application/java-archive jar; text/xml pom xml; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%2$d;
                        location /releases/ {
                            alias %1$s/releases/;
                            auth_basic "Bench HAL releases";
                            auth_basic_user_file %1$s/htpasswd;
                            dav_methods PUT;
                            create_full_put_path on;
                            dav_access user:rw group:r all:r;
                        }
                        location /broken/ {
                            alias %1$s/broken/;
                            auth_basic "Bench HAL releases";
                            auth_basic_user_file %1$s/htpasswd;
                        }
                        location /central/dev/benchhal/ { return 404; }
                        location /central/ {
                            alias %3$s/;
                            limit_except GET HEAD { deny all; }
                        }
                    }
                }
                """.formatted(dir, port, centralCache);
    }

    /** @return where releases are deployed and read, with a trailing slash */
    String releasesUrl() {
        return "http://127.0.0.1:" + port + "/releases/";
    }

    /** @return the read-only cache of Maven Central, with a trailing slash */
    String centralUrl() {
        return "http://127.0.0.1:" + port + "/central/";
    }

    /** @return the deployer's password (goes to Maven through the environment only) */
    String password() {
        return password;
    }

    /** @return the directory the deployed files are stored in */
    Path releases() {
        return dir.resolve("releases");
    }

    /** @return what the server logged, for failure messages */
    String errorLog() throws IOException {
        return Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
    }

    /**
     * Asks the server for {@code path} under {@code /releases/}.
     *
     * @param withCredentials whether to send the deployer's credentials
     * @return the HTTP status
     */
    int status(String method, String path, boolean withCredentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(releasesUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, "PUT".equals(method) ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody());
        if (withCredentials) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private boolean answers() throws InterruptedException {
        for (int i = 0; i < 200 && server.isAlive(); i++) {
            try {
                if (status("GET", "", false) == 401) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet: nginx binds within milliseconds, or dies at once when it cannot
                server.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }

    /** RFC 2307's salted SHA-1, which nginx reads as {@code {SSHA}}: base64 of the digest of password and salt, then the salt. */
    private static String ssha(String password) {
        byte[] salt = new SecureRandom().generateSeed(8);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] both = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, both, 0, digest.length);
            System.arraycopy(salt, 0, both, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(both);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
