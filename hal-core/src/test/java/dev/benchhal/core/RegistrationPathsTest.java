package dev.benchhal.core;

import dev.benchhal.spi.*;

import dev.benchhal.testing.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration works both ways a user deploys: a driver jar on the module path registered with
 * {@code provides}, and on the classpath registered with {@code META-INF/services}. A third-party
 * driver is compiled here from source and run in a child JVM beside hal-api and hal-core, so nothing of this
 * test JVM's class path leaks in.
 */
class RegistrationPathsTest {

    private static final String PROVIDER = """
            package fixture;
            import dev.benchhal.spi.*;
            import dev.benchhal.shell.HostShell;
            import dev.benchhal.core.shell.LocalHostShell;
            public final class FixtureProvider implements DriverProvider<HostShell> {
                public String scheme() { return "fixture"; }
                public Class<HostShell> family() { return HostShell.class; }
                public HostShell open(DeviceSpec spec, DriverContext ctx) { return new LocalHostShell(spec.uri()); }
                public String description() { return "fixture driver"; }
            }
            """;
    private static final String MAIN = """
            package fixture;
            import dev.benchhal.spi.*;
            import dev.benchhal.shell.HostShell;
            public final class Main {
                public static void main(String[] args) {
                    DriverRegistry r = DriverRegistry.load();
                    for (ProviderInfo p : r.installed()) {
                        System.out.println(p.scheme() + " " + p.family() + " " + p.module());
                    }
                    try (HostShell s = r.open("fixture:", HostShell.class)) {
                        System.out.print("ran: " + s.run("echo", "through fixture").stdoutText());
                    }
                    System.out.println("problems: " + r.problems());
                }
            }
            """;
    private static final String MODULE_INFO = """
            module fixture.provider {
                requires dev.benchhal.core;
                provides dev.benchhal.spi.DriverProvider with fixture.FixtureProvider;
            }
            """;

    private static List<Path> apiPath;

    @BeforeAll
    static void locateApiAndDependencies() {
        apiPath = List.of(
                ChildJvm.locationOf(DriverRegistry.class),                                   // hal-api classes
                ChildJvm.locationOf(dev.benchhal.core.shell.LocalHostShell.class),           // hal-core classes
                ChildJvm.locationOf(org.slf4j.LoggerFactory.class),                           // slf4j-api
                ChildJvm.locationOf(tools.jackson.core.JsonParser.class),                     // jackson-core
                ChildJvm.locationOf("tools.jackson.databind.ObjectMapper"),                   // jackson-databind
                ChildJvm.locationOf(tools.jackson.dataformat.yaml.YAMLFactory.class),         // jackson-dataformat-yaml
                ChildJvm.locationOf("org.snakeyaml.engine.v2.api.LoadSettings"),              // snakeyaml-engine
                ChildJvm.locationOf("com.fasterxml.jackson.annotation.JsonProperty"));        // jackson-annotations
    }

    @Test
    void providerOnTheModulePathIsFoundThroughProvides(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), MODULE_INFO);
        write(src.resolve("fixture/FixtureProvider.java"), PROVIDER);
        write(src.resolve("fixture/Main.java"), MAIN);
        Path out = dir.resolve("mods/fixture.provider");
        compile(out, List.of("--module-path", ChildJvm.pathOf(apiPath)), src);

        List<Path> modulePath = new ArrayList<>(apiPath);
        modulePath.add(out);
        ChildJvm.Result r = ChildJvm.run(List.of("--module-path", ChildJvm.pathOf(modulePath),
                "--module", "fixture.provider/fixture.Main"), dir, Duration.ofMinutes(1));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("fixture HostShell fixture.provider")
                .contains("local HostShell dev.benchhal.core")
                .contains("ran: through fixture")
                .contains("problems: []");
    }

    @Test
    void providerOnTheClasspathIsFoundThroughMetaInfServices(@TempDir Path dir) throws Exception {
        ChildJvm.Result r = runOnClasspath(dir, "fixture.FixtureProvider\n");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("fixture HostShell fixture-classes")
                .contains("local HostShell classes")
                .contains("ran: through fixture")
                .contains("problems: []");
    }

    @Test
    void brokenProviderIsReportedAndTheOthersStillLoad(@TempDir Path dir) throws Exception {
        ChildJvm.Result r = runOnClasspath(dir, "fixture.FixtureProvider\nfixture.Missing\n");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("ran: through fixture").contains("fixture.Missing not found");
    }

    /** Compiles the fixture without module-info, registers it in META-INF/services and runs it on the classpath. */
    private static ChildJvm.Result runOnClasspath(Path dir, String services) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("fixture/FixtureProvider.java"), PROVIDER);
        write(src.resolve("fixture/Main.java"), MAIN);
        Path out = dir.resolve("fixture-classes");
        compile(out, List.of("--class-path", ChildJvm.pathOf(apiPath)), src);
        write(out.resolve("META-INF/services/dev.benchhal.spi.DriverProvider"), services);
        List<Path> classPath = new ArrayList<>(apiPath);
        classPath.add(out);
        return ChildJvm.run(List.of("--class-path", ChildJvm.pathOf(classPath), "fixture.Main"), dir, Duration.ofMinutes(1));
    }

    private static void write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** Compiles with the JDK's own javac, as a user's build would. */
    private static void compile(Path out, List<String> pathArgs, Path src) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-d", out.toString()));
        args.addAll(pathArgs);
        try (var files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        Process javac = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javac.waitFor()).as(output).isZero();
    }
}
