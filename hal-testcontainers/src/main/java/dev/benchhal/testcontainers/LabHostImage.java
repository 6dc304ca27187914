package dev.benchhal.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.benchhal.error.UnsupportedFeatureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The lab host's image, built on this machine from Debian's packages and never pulled: {@code debootstrap} makes a
 * minimal Debian (the release this machine runs) with OpenSSH's server and Python 3 through this machine's apt
 * mirror, and the Docker engine imports it as {@code benchhal/lab-host:<recipe>}, where the tag is a hash of the
 * recipe, so a changed recipe builds a new image and an unchanged one is built once per engine.
 *
 * <p>Building needs root and {@code debootstrap} (Debian's package of that name) and takes about a minute; the
 * image is about 130 MB. The {@code docker} command imports it. Thread-safe: builds in one JVM are serialised, and two JVMs that build at once import the
 * same image twice, harmlessly.
 */
public final class LabHostImage {

    /** The image's repository; its tag is the recipe's hash. */
    public static final String REPOSITORY = "benchhal/lab-host";

    private static final Logger LOG = LoggerFactory.getLogger(LabHostImage.class);
    private static final String RECIPE = "build-rootfs.sh";

    private LabHostImage() {
    }

    /**
     * @return the image's name, {@code benchhal/lab-host:<hash of the recipe>}
     */
    public static String name() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(resource(RECIPE).getBytes(StandardCharsets.UTF_8));
            return REPOSITORY + ":" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Makes sure the engine has the image, building it when it has not. Blocks for the build.
     *
     * @return the image's name
     * @throws UnsupportedFeatureException when the image is missing and cannot be built here (not root, no
     *                                     debootstrap), naming what is missing
     * @throws IllegalStateException       when the build fails, with the end of its output
     */
    public static synchronized String ensure() {
        String name = name();
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(name).exec();
            return name;
        } catch (NotFoundException missing) {
            LOG.info("the engine has no {}: building it from Debian's packages (about a minute)", name);
        }
        build(docker, name);
        return name;
    }

    private static void build(DockerClient docker, String name) {
        Path debootstrap = Path.of("/usr/sbin/debootstrap");
        if (!Files.isExecutable(debootstrap)) {
            throw new UnsupportedFeatureException("lab host image", "building " + name
                    + " needs debootstrap (apt-get install debootstrap)");
        }
        dockerCommand();
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new UnsupportedFeatureException("lab host image", "building " + name
                    + " needs root (debootstrap makes device files and chroots); build it once as root");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("benchhal-lab-host");
            Path script = Files.writeString(work.resolve(RECIPE), resource(RECIPE));
            Path rootfs = work.resolve("rootfs");
            Path log = work.resolve("build.log");
            run(List.of("sh", script.toString(), rootfs.toString()), log, 20);
            Path tar = work.resolve("rootfs.tar");
            // numeric owners, as the image must have them; the device files debootstrap made are kept
            run(List.of("tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", tar.toString(), "."), log, 5);
            // the docker command's import: docker-java's streams a body this large short ("unexpected EOF")
            run(List.of(dockerCommand(), "import", tar.toString(), name), log, 5);
            docker.inspectImageCmd(name).exec();
            LOG.info("built {} from Debian's packages", name);
        } catch (IOException e) {
            throw new UncheckedIOException("building " + name + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static String dockerCommand() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":", -1)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "docker"))) {
                return Path.of(dir, "docker").toString();
            }
        }
        throw new UnsupportedFeatureException("lab host image", "building " + name()
                + " needs the docker command on the PATH (Debian's docker.io or docker-ce-cli)");
    }

    private static void run(List<String> command, Path log, long minutes) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + minutes + " minutes: " + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the lab host image", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static String resource(String name) {
        try (InputStream in = LabHostImage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from hal-testcontainers' jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
