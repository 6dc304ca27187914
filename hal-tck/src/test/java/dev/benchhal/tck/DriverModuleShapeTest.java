package dev.benchhal.tck;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every driver module has the same shape, so a reader who knows one knows all: this lists the
 * modules of the build that register a driver and fails for one that lacks an element. The
 * {@code local:} shell in hal-core is the core's own driver, documented with the concepts.
 */
class DriverModuleShapeTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<String> SECTIONS = List.of("## URI and options", "## Errors", "## Safety", "## Simulator",
            "## Limits", "## Command line");
    /** The benchhal subcommand of each family. */
    private static final Map<String, String> COMMANDS = Map.of("LinInterface", "lin", "PowerSupply", "psu",
            "UsbHub", "hub", "PcieHost", "pcie", "HypervisorClient", "vm", "HostShell", "shell");
    private static final Pattern SUPER = Pattern.compile("super\\(\"([a-z0-9+.-]+)\", (\\w+)\\.class, API_VERSION");

    @TestFactory
    Stream<DynamicTest> everyDriverModuleHasEveryPart() throws IOException {
        List<Path> modules = driverModules();
        assertThat(modules).as("driver modules of the build").extracting(p -> p.getFileName().toString())
                .contains("hal-psu-owon", "hal-lin-mock", "hal-lin-mum", "hal-acroname", "hal-pcie", "hal-ssh", "hal-libvirt");
        return modules.stream().map(m -> DynamicTest.dynamicTest(m.getFileName().toString(), () -> check(m)));
    }

    private static List<Path> driverModules() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(d -> Files.exists(d.resolve("src/main/resources/META-INF/services/dev.benchhal.spi.DriverProvider")))
                    .filter(d -> !d.getFileName().toString().equals("hal-core"))
                    .sorted().toList();
        }
    }

    private static void check(Path module) throws IOException {
        String name = module.getFileName().toString();
        List<String> missing = new ArrayList<>();

        // registered both ways, the same providers
        Set<String> services = Files.readAllLines(module.resolve("src/main/resources/META-INF/services/dev.benchhal.spi.DriverProvider"))
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        String moduleInfo = Files.readString(module.resolve("src/main/java/module-info.java"));
        Set<String> provides = new TreeSet<>();
        Matcher pm = Pattern.compile("provides dev\\.benchhal\\.spi\\.DriverProvider with ([\\w.]+)").matcher(moduleInfo);
        while (pm.find()) {
            provides.add(pm.group(1));
        }
        if (!services.equals(provides)) {
            missing.add("the same providers in module-info (" + provides + ") and META-INF/services (" + services + ")");
        }
        // JPMS module name = root package
        Matcher mm = Pattern.compile("module ([\\w.]+) \\{").matcher(moduleInfo);
        String moduleName = mm.find() ? mm.group(1) : "";
        for (String provider : services) {
            Path source = module.resolve("src/main/java/" + provider.replace('.', '/') + ".java");
            if (!provider.startsWith(moduleName + ".") || !Files.exists(source)) {
                missing.add("provider " + provider + " in the module's root package " + moduleName);
                continue;
            }
            String code = Files.readString(source);
            Matcher sm = SUPER.matcher(code);
            if (!code.contains("extends BasicDriverProvider<") || !sm.find()) {
                missing.add(provider + " extends BasicDriverProvider with its scheme, family and API_VERSION");
                continue;
            }
            String scheme = sm.group(1);
            String family = sm.group(2);
            // a user without the module is told which dependency brings the scheme
            String artifact = knownDrivers().getProperty(scheme);
            if (!("dev.benchhal:" + name).equals(artifact)) {
                missing.add("hal-api's known-drivers.properties: " + scheme + "=dev.benchhal:" + name + " (has " + artifact + ")");
            }
            // a page with an example first and the same sections
            Path doc = ROOT.resolve("docs/drivers/" + scheme + ".md");
            if (!Files.exists(doc)) {
                missing.add("docs/drivers/" + scheme + ".md");
            } else {
                String text = Files.readString(doc);
                int firstSection = text.indexOf("\n## ");
                if (firstSection < 0 || !text.substring(0, firstSection).contains("```java")) {
                    missing.add(doc.getFileName() + ": a Java example before the first section");
                }
                for (String section : SECTIONS) {
                    if (!text.contains("\n" + section + "\n")) {
                        missing.add(doc.getFileName() + ": section \"" + section + "\"");
                    }
                }
            }
            // its family's benchhal subcommand, contributed by a module (the shell's is the command line's own)
            String command = COMMANDS.get(family);
            String problem = command == null ? "no command named for " + family : contributedCommand(command);
            if (problem != null) {
                missing.add("the benchhal subcommand for " + family + ": " + problem);
            }
        }
        // contract tests, run on the classpath and (configured in the parent POM) on the module path
        if (!hasContractTest(module)) {
            missing.add("a test class extending a hal-tck family contract");
        }
        if (!Files.readString(module.resolve("pom.xml")).contains("<benchhal.modulePath.skip>false</benchhal.modulePath.skip>")) {
            missing.add("the module-path run of its contract tests (benchhal.modulePath.skip=false)");
        }
        assertThat(missing).as(name + " lacks").isEmpty();
    }

    /**
     * @return null when a module defines the command and registers its {@code CommandProvider} both
     *         ways; else what is wrong
     */
    private static String contributedCommand(String command) throws IOException {
        Pattern declared = Pattern.compile("@(?:CommandLine\\.)?Command\\(name = \"" + command + "\"");
        List<Path> definers = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path module : dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).sorted().toList()) {
                if (containsMatch(module.resolve("src/main/java"), declared)) {
                    definers.add(module);
                }
            }
        }
        if (command.equals("shell")) {
            // HostShell's first driver (local:) is the core's, so its command is the command line's own
            return definers.equals(List.of(ROOT.resolve("hal-cli"))) ? null : "defined in " + definers + ", expected hal-cli only";
        }
        if (definers.size() != 1 || definers.get(0).getFileName().toString().equals("hal-cli")) {
            return "defined in " + definers + ", expected one module other than hal-cli";
        }
        Path module = definers.get(0);
        Path services = module.resolve("src/main/resources/META-INF/services/dev.benchhal.cli.spi.CommandProvider");
        Set<String> registered = Files.exists(services) ? Files.readAllLines(services).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new)) : Set.of();
        Set<String> provided = new TreeSet<>();
        Matcher pm = Pattern.compile("provides dev\\.benchhal\\.cli\\.spi\\.CommandProvider with ([\\w.]+)")
                .matcher(Files.readString(module.resolve("src/main/java/module-info.java")));
        while (pm.find()) {
            provided.add(pm.group(1));
        }
        if (registered.isEmpty() || !registered.equals(provided)) {
            return module.getFileName() + " registers its CommandProvider as " + provided + " in module-info and "
                    + registered + " in META-INF/services";
        }
        return null;
    }

    private static boolean containsMatch(Path sources, Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return pattern.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static java.util.Properties knownDrivers() throws IOException {
        java.util.Properties known = new java.util.Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("hal-api/src/main/resources/dev/benchhal/spi/known-drivers.properties"))) {
            known.load(in);
        }
        return known;
    }

    /** Every scheme the table names is one a module of the build provides: the table does not go stale. */
    @org.junit.jupiter.api.Test
    void theTableOfKnownDriversNamesOnlyDriversOfTheBuild() throws IOException {
        Set<String> schemes = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path module : dirs.filter(d -> Files.exists(d.resolve("src/main/resources/META-INF/services/dev.benchhal.spi.DriverProvider"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    for (Path f : files.filter(f -> f.toString().endsWith("Provider.java")).toList()) {
                        Matcher m = SUPER.matcher(Files.readString(f));
                        if (m.find()) {
                            schemes.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(schemes).as("schemes of the build").contains("local", "ssh", "owon");
        assertThat(knownDrivers().stringPropertyNames()).as("schemes in known-drivers.properties").isEqualTo(schemes);
    }

    private static boolean hasContractTest(Path module) throws IOException {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
            return false;
        }
        Pattern contract = Pattern.compile("extends (HostShell|LinInterface|PowerSupply|UsbHub|PcieHost|HypervisorClient)Contract\\b");
        try (Stream<Path> files = Files.walk(tests)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return contract.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
