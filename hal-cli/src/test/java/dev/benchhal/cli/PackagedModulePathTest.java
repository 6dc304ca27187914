package dev.benchhal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged command line with every Bench HAL module and library on the module path: drivers are
 * found through {@code provides} only, and resources cross module boundaries only where a module
 * opens them. Runs after {@code package} (it needs {@code target/hal-cli.jar} and {@code target/lib}).
 */
class PackagedModulePathTest {

    private static final Path TARGET = Path.of("target");

    /** usb4java's natives come as one jar per platform under one module name: they belong on the classpath. */
    private static String modulePath() throws IOException {
        return path(TARGET.resolve("hal-cli.jar"), "libusb4java-");
    }

    /**
     * @param first    the entry before the libraries
     * @param leftOut  prefixes of the library jars to leave out; each must be among the libraries, so
     *                 that leaving it out proves something
     * @return a class or module path of {@code first} and the command line's libraries
     */
    private static String path(Path first, String... leftOut) throws IOException {
        List<Path> libs;
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            libs = jars.sorted().toList();
        }
        for (String prefix : leftOut) {
            assertThat(libs).as(prefix + "* among the command line's libraries")
                    .anyMatch(j -> j.getFileName().toString().startsWith(prefix));
        }
        return Stream.concat(Stream.ofNullable(first), libs.stream()
                        .filter(j -> Stream.of(leftOut).noneMatch(prefix -> j.getFileName().toString().startsWith(prefix))))
                .map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(),
                "-p", modulePath(), "--add-modules", "ALL-MODULE-PATH", "-m", "dev.benchhal.cli/dev.benchhal.cli.BenchHalCli"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** @return the newest file time among what the launcher compares with the jar (see the {@code benchhal} script) */
    private static java.nio.file.attribute.FileTime newestLauncherInput(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> !f.toString().contains("/.git/") && !f.toString().contains("/target/"))
                    .filter(f -> (f.getFileName().toString().equals("pom.xml") && root.relativize(f).getNameCount() <= 3)
                            || f.toString().contains("/src/main/"))
                    .map(f -> {
                        try {
                            return Files.getLastModifiedTime(f);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void everyDriverIsFoundThroughProvides() throws Exception {
        assertThat(run("drivers")).contains("acroname", "libvirt", "lin-mock", "local", "mum", "owon", "pcie", "ssh");
    }

    @Test
    void helpFromTheJarAloneIsStoredHelpPrintedWithoutLookingAtTheModules() throws Exception {
        List<String> providers = java.util.ServiceLoader.load(dev.benchhal.cli.spi.CommandProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertThat(providers).as("the modules' commands").hasSizeGreaterThan(3);
        for (List<String> args : List.of(List.of("--help"), List.of("psu", "--help"), List.of("campaign", "passthrough", "--help"))) {
            List<String> jar = new ArrayList<>(List.of(java(), "-verbose:class", "-jar", TARGET.resolve("hal-cli.jar").toString()));
            jar.addAll(args);
            String out = run(jar);
            // the help itself, as the module path's command line prints it after looking at every module
            String help = out.lines().filter(l -> !l.startsWith("[")).collect(Collectors.joining("\n", "", "\n"));
            assertThat(help).as(String.join(" ", args)).isEqualTo(run(args.toArray(String[]::new)).replace(System.lineSeparator(), "\n"));
            for (String provider : providers) {
                assertThat(out).as(String.join(" ", args) + " loads no command's provider").doesNotContain(" " + provider + " ");
            }
        }
    }

    @Test
    void driversFromTheJarAloneAreTheOnesTheClassPathProvides() throws Exception {
        String out = run(List.of(java(), "-verbose:class", "-jar", TARGET.resolve("hal-cli.jar").toString(), "drivers"));
        String table = out.lines().filter(l -> !l.startsWith("[")).collect(Collectors.joining("\n", "", "\n"));
        // the same jars on the class path, found by the service loader (the full command line: not the jar alone)
        String found = run(List.of(java(), "-cp", path(TARGET.resolve("hal-cli.jar")), "dev.benchhal.cli.BenchHalCli", "drivers"));
        assertThat(table).isEqualTo(found.replace(System.lineSeparator(), "\n")).contains("owon", "ssh", "pcie");
        List<String> providers = java.util.ServiceLoader.load(dev.benchhal.cli.spi.CommandProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        for (String provider : providers) {
            assertThat(out).as("drivers loads no command's provider").doesNotContain(" " + provider + " ");
        }
        assertThat(out).as("drivers starts no logging").doesNotContain(" org.slf4j.LoggerFactory ");
    }

    @Test
    void aOneShotCommandFromTheJarAloneMakesOnlyItsOwnProvider() throws Exception {
        String ldf = Path.of("..", "examples", "consumer", "ldf", "alm.ldf").toAbsolutePath().normalize().toString();
        String out = run(List.of(java(), "-verbose:class", "-jar", TARGET.resolve("hal-cli.jar").toString(), "ldf", "info", ldf));
        String printed = out.lines().filter(l -> !l.startsWith("[")).collect(Collectors.joining("\n", "", "\n"));
        String found = run(List.of(java(), "-cp", path(TARGET.resolve("hal-cli.jar")), "dev.benchhal.cli.BenchHalCli", "ldf", "info", ldf));
        assertThat(printed).isEqualTo(found.replace(System.lineSeparator(), "\n")).contains("ALM");
        List<String> others = java.util.ServiceLoader.load(dev.benchhal.cli.spi.CommandProvider.class).stream()
                .map(p -> p.type().getName()).filter(n -> !n.endsWith(".LdfCommandProvider")).toList();
        assertThat(others).as("the other modules' commands").hasSizeGreaterThan(3);
        for (String provider : others) {
            assertThat(out).as("ldf info loads no other command's provider").doesNotContain(" " + provider + " ");
        }
        assertThat(out).contains(" dev.benchhal.lin.ldf.cli.LdfCommandProvider ").doesNotContain(" org.slf4j.LoggerFactory ");
    }

    @Test
    void theBenchFromTheJarAloneIsWhatTheFullCommandLineShowsAndSlf4jSaysNothingOfItsOwn() throws Exception {
        String bench = Path.of("..", "examples", "consumer", "bench.yaml").toAbsolutePath().normalize().toString();
        String out = run(List.of(java(), "-verbose:class", "-jar", TARGET.resolve("hal-cli.jar").toString(), "--bench", bench, "bench"));
        String jar = out.lines().filter(l -> !l.startsWith("[")).collect(Collectors.joining("\n", "", "\n"));
        String found = run(List.of(java(), "-cp", path(TARGET.resolve("hal-cli.jar")), "dev.benchhal.cli.BenchHalCli",
                "--bench", bench, "bench"));
        assertThat(jar).isEqualTo(found.replace(System.lineSeparator(), "\n")).contains("concentrator", "pcie:sim");
        // checked without picocli, without logging, and (the file being of the usual shape) without SnakeYAML
        assertThat(out).as("bench from the jar alone").doesNotContain(" picocli.", " org.slf4j.LoggerFactory ", " org.snakeyaml.")
                .contains(" dev.benchhal.core.bench.SimpleYaml ");
        // the jar names SLF4J's provider: a command that logs shows its log, and no note of SLF4J's own
        assertThat(run(List.of(java(), "-jar", TARGET.resolve("hal-cli.jar").toString(), "-v", "psu", "idn", "owon:sim:SPE6103")))
                .contains("INFO OwonPowerSupply", "OWON SPE6103").doesNotContain("SLF4J");
    }

    @Test
    void everyModulesSubcommandIsFoundThroughProvides() throws Exception {
        assertThat(run("--help")).containsPattern("(?m)^  hub ").containsPattern("(?m)^  ldf ").containsPattern("(?m)^  lin ")
                .containsPattern("(?m)^  pcie ").containsPattern("(?m)^  psu ").containsPattern("(?m)^  vm ");
        assertThat(run("psu", "idn", "owon:sim:SPE6103")).contains("OWON SPE6103");
    }

    /**
     * A test project that uses a driver has neither picocli nor the command line: the driver's
     * subcommand must not get in its way, on the module path or the classpath.
     */
    @Test
    void aDriverNeedsNeitherPicocliNorTheCommandLine(@TempDir Path dir) throws Exception {
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, String.join("\n",
                "import dev.benchhal.psu.PowerSupply;",
                "import dev.benchhal.spi.*;",
                "public class Probe {",
                "  public static void main(String[] args) {",
                "    try (PowerSupply psu = DriverRegistry.load().open(DeviceSpec.of(\"owon:sim:SPE6103\"), PowerSupply.class,",
                "        DriverContext.standalone())) {",
                "      System.out.println(\"model \" + psu.identity().model());",
                "    }",
                "  }",
                "}"));
        String path = path(null, "picocli-", "libusb4java-");
        assertThat(run(List.of(java(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-p", path, "--add-modules", "dev.benchhal.psu.owon", probe.toString())))
                .isEqualTo("model SPE6103\n");
        assertThat(run(List.of(java(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", path, probe.toString()))).isEqualTo("model SPE6103\n");
    }

    /**
     * A machine with only a JDK has no libvirt: JNA is kept from finding the library (its search path
     * emptied; without libvirt-dev there is no unversioned libvirt.so for the dynamic linker either),
     * and the demo says in one line what is missing and runs the rest.
     */
    @Test
    void theDemoPassesWithoutLibvirtSayingWhatIsMissing(@TempDir Path empty) throws Exception {
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu")) {
            assertThat(Path.of(dir, "libvirt.so")).as("this test hides libvirt from JNA; libvirt-dev's libvirt.so defeats it")
                    .doesNotExist();
        }
        String out = run(List.of(java(), "-Djna.platform.library.path=" + empty, "-Djna.library.path=" + empty,
                "-jar", TARGET.resolve("hal-cli.jar").toString(), "demo"));
        assertThat(out).contains("== Virtual machine: skipped, libvirt:test:///default: libvirt's C library (libvirt.so.0) "
                        + "is not installed: install the libvirt0 package")
                .contains("== Done: no hardware was touched.").doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * The README's first command on a machine with only a JDK: the launcher script, a PATH of a JDK
     * and the basic tools of any system (no Python, no socat, no libvirt tools), and JNA kept from
     * libvirt's library. The demo passes and says what it skipped.
     */
    @Test
    void theReadmeDemoCommandPassesWithOnlyAJdk(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of(java()));
        for (String tool : List.of("bash", "sh", "env", "dirname", "find", "uname", "ls", "cat", "readlink",
                "cksum", "cut", "mkdir", "mv", "rm")) {
            Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + tool + " on this machine"));
            Files.createSymbolicLink(bin.resolve(tool), found);
        }
        Path empty = Files.createDirectories(dir.resolve("no-libraries"));
        // this build has just made the jar; the launcher decides by file times whether to rebuild it (a
        // pom.xml or a main source newer than the jar), and the jar plugin leaves an unchanged jar's time
        // alone: the jar is made as new as the newest of those inputs, as a fresh build would leave it
        Path jarFile = TARGET.resolve("hal-cli.jar");
        java.nio.file.attribute.FileTime newest = newestLauncherInput(Path.of("..").toAbsolutePath().normalize());
        if (newest.compareTo(Files.getLastModifiedTime(jarFile)) >= 0) {
            Files.setLastModifiedTime(jarFile, java.nio.file.attribute.FileTime.fromMillis(newest.toMillis() + 1000));
        }
        ProcessBuilder launcher = new ProcessBuilder(bin.resolve("bash").toString(), Path.of("..", "benchhal").toAbsolutePath()
                .normalize().toString(), "demo");
        launcher.environment().clear();
        launcher.environment().put("PATH", bin.toString());
        launcher.environment().put("HOME", dir.toString());
        launcher.environment().put("BENCHHAL_JAVA_OPTS", "-Djna.platform.library.path=" + empty + " -Djna.library.path=" + empty);
        Process process = launcher.redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        assertThat(text).doesNotContain("building the command line").as("the packaged jar is current: no rebuild")
                .contains("== Virtual machine: skipped, libvirt:test:///default: libvirt's C library (libvirt.so.0) is not installed")
                .contains("== Done: no hardware was touched.").doesNotContain("\tat ");
    }

    /** JNA left off the class path (a hand-made class path): the demo names the artifact and runs the rest. */
    @Test
    void theDemoPassesWithoutJnaNamingTheArtifact(@TempDir Path dir) throws Exception {
        // a copy of the jar, away from lib/, so that its manifest's class path does not bring JNA back
        Path jar = Files.copy(TARGET.resolve("hal-cli.jar"), dir.resolve("hal-cli.jar"));
        String path = path(jar, "jna-");
        String out = run(List.of(java(), "-cp", path, "dev.benchhal.cli.BenchHalCli", "demo"));
        assertThat(out).contains("== Virtual machine: skipped, libvirt:test:///default: JNA is not on the class path")
                .contains("add net.java.dev.jna:jna").contains("== Done: no hardware was touched.").doesNotContain("\tat ");
    }

    @Test
    void theDemoRunsOnTheModulePath() throws Exception {
        assertThat(run("demo"))
                .contains("discovered:  NAD 0x10")
                .contains("== Supply OWON SPE6103")
                .contains("rrh2 (hub port 2): 0000:03:00.0 gone and back in")
                .contains("destroyed and undefined, leftovers now []")
                .contains("== Done: no hardware was touched.");
    }
}
