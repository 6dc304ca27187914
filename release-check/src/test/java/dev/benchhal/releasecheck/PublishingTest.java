package dev.benchhal.releasecheck;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release as a user meets it. The reactor is deployed with {@code ./mvnw -Prelease deploy} to a private
 * repository server ({@link PrivateRepository}) with credentials from the environment, every file signed with a
 * throwaway key ({@link ThrowawayKey}); then the repository is checked as Maven Central would check it
 * ({@link RepositoryCheck}), and {@code examples/consumer} is built against that server alone with an empty local
 * repository. The check is shown to fail on a missing signature, a missing artifact and a missing transitive
 * dependency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishingTest {

    private static final String GROUP = "dev.benchhal";
    /** The repository server's credentials in settings.xml: from the environment, never written into a file. */
    private static final String SERVER = """
              <servers>
                <server>
                  <id>benchhal-releases</id>
                  <username>${env.BENCHHAL_REPOSITORY_USER}</username>
                  <password>${env.BENCHHAL_REPOSITORY_PASSWORD}</password>
                </server>
              </servers>
            """;

    private final Path root = Path.of(System.getProperty("benchhal.root", "..")).toAbsolutePath().normalize();
    private final String version = System.getProperty("benchhal.version", "0.1.0-SNAPSHOT");
    private Path work;
    private ThrowawayKey key;
    private PrivateRepository repository;
    private NestedMaven maven;
    private NestedMaven.Build deploy;

    @BeforeAll
    void deployTheRelease() throws IOException, InterruptedException {
        // in target/ so that the logs and the deployed tree stay for a look after a failure
        work = Path.of(System.getProperty("benchhal.work", "target/release-check")).toAbsolutePath();
        delete(work);
        Files.createDirectories(work);
        key = ThrowawayKey.make(Path.of("/tmp", "bhgpg-" + ProcessHandle.current().pid()));
        repository = PrivateRepository.start(work.resolve("server"), localRepository());
        maven = new NestedMaven(root);
        Path settings = write("deploy-settings.xml", "<settings>\n" + SERVER + "</settings>\n");
        // not installed: the developer's local repository keeps what their own builds put there
        deploy = maven.run(work.resolve("deploy.log"), environment(), 20, "-s", settings.toString(), "-Prelease",
                "-DskipTests", "-Djacoco.skip=true", "-Dmaven.install.skip=true", "-Dgpg.keyname=" + key.fingerprint(),
                "-DaltDeploymentRepository=benchhal-releases::" + repository.releasesUrl(), "deploy");
        assertThat(deploy.succeeded()).as("./mvnw -Prelease deploy:\n%s\n%s", deploy.tail(), repository.errorLog()).isTrue();
    }

    @AfterAll
    void stop() throws IOException, InterruptedException {
        if (repository != null) {
            repository.close();
        }
        if (key != null) {
            key.close();
        }
        for (String local : List.of("consumer-local-repository", "consumer-broken-local-repository")) {
            delete(work.resolve(local));
        }
    }

    @Test
    void everyPublishedModuleIsDeployedSignedWithAFlattenedPomThatCarriesWhatCentralAsks() throws Exception {
        List<RepositoryCheck.Module> modules = RepositoryCheck.published(root);
        assertThat(modules).extracting(RepositoryCheck.Module::artifactId).contains("hal-bom", "hal-api", "hal-core", "hal-cli")
                .doesNotContain("benchmarks", "release-check", "benchhal-parent");

        assertThat(new RepositoryCheck(key).problems(repository.releases(), GROUP, version, modules)).isEmpty();
    }

    @Test
    void theCredentialsComeFromTheEnvironmentAndNeverReachTheLog() throws Exception {
        assertThat(repository.status("PUT", "dev/benchhal/probe.txt", false)).as("a deploy without credentials").isEqualTo(401);
        assertThat(repository.status("GET", "dev/benchhal/hal-bom/maven-metadata.xml", false)).as("a read without credentials").isEqualTo(401);
        assertThat(repository.status("GET", "dev/benchhal/hal-bom/maven-metadata.xml", true)).isEqualTo(200);
        assertThat(deploy.log()).contains("Uploaded to benchhal-releases").doesNotContain(repository.password());
        for (String pom : List.of("pom.xml", "hal-bom/pom.xml")) {
            assertThat(Files.readString(root.resolve(pom))).doesNotContain("<password>", "<username>");
        }
    }

    @Test
    void theConsumerExampleBuildsAndPassesAgainstOnlyThatRepository() throws Exception {
        Path consumer = copy(root.resolve("examples/consumer"), work.resolve("consumer"));
        Path local = work.resolve("consumer-local-repository");
        NestedMaven.Build build = maven.run(work.resolve("consumer.log"), environment(), 15,
                "-s", consumerSettings(repository.releasesUrl()).toString(), "-Dmaven.repo.local=" + local,
                "-f", consumer.resolve("pom.xml").toString(), "verify");

        assertThat(build.succeeded()).as("the consumer's build:\n%s", build.tail()).isTrue();
        assertThat(build.log()).contains("Downloaded from benchhal-releases: " + repository.releasesUrl() + "dev/benchhal/hal-core/")
                .doesNotContain("repo.maven.apache.org", repository.password());
        for (String reports : List.of("surefire-reports", "surefire-reports-classpath")) {
            assertThat(testsRun(consumer.resolve("target").resolve(reports))).as("tests run in target/%s", reports).isPositive();
        }
        assertThat(local.resolve("dev/benchhal/hal-core")).as("Bench HAL came from the repository into the empty local one").isDirectory();
    }

    @Test
    void theCheckFailsOnAMissingSignatureOrArtifactAForeignSignatureAnEditedPomOrAnUnpublishedModule() throws Exception {
        Path broken = copy(repository.releases(), work.resolve("broken-files"));
        Path api = only(broken.resolve("dev/benchhal/hal-api/" + version), "-javadoc.jar");
        Files.delete(api.resolveSibling(api.getFileName() + ".asc"));
        Files.delete(only(broken.resolve("dev/benchhal/hal-ssh/" + version), "-sources.jar"));
        Path core = only(broken.resolve("dev/benchhal/hal-core/" + version), ".pom");
        Path jar = only(broken.resolve("dev/benchhal/hal-core/" + version), "-sources.jar");
        Files.copy(jar.resolveSibling(jar.getFileName() + ".asc"), core.resolveSibling(core.getFileName() + ".asc"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(broken.resolve("dev/benchhal/benchmarks/" + version));
        Path pcie = only(broken.resolve("dev/benchhal/hal-pcie/" + version), ".pom");
        Files.writeString(pcie, Files.readString(pcie).replace("<url>https://benchhal.dev</url>", "<url>https://example.org</url>"));

        assertThat(new RepositoryCheck(key).problems(broken, GROUP, version, RepositoryCheck.published(root))).containsExactlyInAnyOrder(
                "hal-api javadoc: not signed (no " + api.getFileName() + ".asc)",
                "hal-ssh sources: missing (" + only(repository.releases().resolve("dev/benchhal/hal-ssh/" + version), "-sources.jar").getFileName() + ")",
                "hal-core pom: the signature is not a good signature by the release key",
                "benchmarks: published, but not a published module",
                "hal-pcie pom: the SHA-1 checksum does not match the file",
                "hal-pcie pom: the signature is not a good signature by the release key",
                "hal-pcie POM: its URL, licence, SCM or developers differ from hal-bom's");
    }

    @Test
    void aMissingTransitiveDependencyFailsTheConsumersBuildNamingIt() throws Exception {
        // hal-api is no direct dependency of the consumer: it comes with hal-core
        Path broken = copy(repository.releases(), repository.releases().resolveSibling("broken"));
        delete(broken.resolve("dev/benchhal/hal-api"));
        Path consumer = copy(root.resolve("examples/consumer"), work.resolve("consumer-broken"));
        NestedMaven.Build build = maven.run(work.resolve("consumer-broken.log"), environment(), 10,
                "-s", consumerSettings(repository.releasesUrl().replace("/releases/", "/broken/")).toString(),
                "-Dmaven.repo.local=" + work.resolve("consumer-broken-local-repository"),
                "-f", consumer.resolve("pom.xml").toString(), "test-compile");

        assertThat(build.succeeded()).isFalse();
        assertThat(build.log()).contains("dev.benchhal:hal-api:jar:" + version);
    }

    /**
     * The consumer's settings: Bench HAL from {@code releases} (checksums checked), everything else from the server's
     * cache of Central; nothing from anywhere else.
     */
    private Path consumerSettings(String releases) throws IOException {
        return write("consumer-settings-" + Integer.toHexString(releases.hashCode()) + ".xml", """
                <settings>
                %3$s
                  <profiles>
                    <profile>
                      <id>benchhal</id>
                      <!-- "central" is the team's cache of it: a local repository keeps no checksums to check -->
                      <repositories>
                        <repository>
                          <id>central</id>
                          <url>%1$s</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                        <repository>
                          <id>benchhal-releases</id>
                          <url>%2$s</url>
                          <releases><checksumPolicy>fail</checksumPolicy></releases>
                          <snapshots><enabled>true</enabled><checksumPolicy>fail</checksumPolicy></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>central</id>
                          <url>%1$s</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>benchhal</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(repository.centralUrl(), releases, SERVER));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(key.environment());
        environment.put("BENCHHAL_REPOSITORY_USER", PrivateRepository.USER);
        environment.put("BENCHHAL_REPOSITORY_PASSWORD", repository.password());
        return environment;
    }

    private static Path localRepository() {
        return Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    private static int testsRun(Path reports) throws IOException {
        int run = 0;
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path xml : files.filter(f -> f.getFileName().toString().startsWith("TEST-")).toList()) {
                    var suite = RepositoryCheck.parse(xml).getDocumentElement();
                    assertThat(suite.getAttribute("failures") + suite.getAttribute("errors")).as(xml.toString()).isEqualTo("00");
                    run += Integer.parseInt(suite.getAttribute("tests"));
                }
            }
        }
        return run;
    }

    private static Path only(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).as("%s*%s", dir, suffix).hasSize(1);
            return found.get(0);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : tree.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
