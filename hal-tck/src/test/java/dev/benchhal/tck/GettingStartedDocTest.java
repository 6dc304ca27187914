package dev.benchhal.tck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The getting-started page shows the example consumer project, which the build compiles and tests:
 * every line of its code blocks stands in the example's files, so the page cannot drift from code
 * that works.
 */
class GettingStartedDocTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path EXAMPLE = ROOT.resolve("examples/consumer");

    @Test
    void everyLineOfThePagesCodeIsInTheTestedExample() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/getting-started.md"));
        String java = Files.readString(EXAMPLE.resolve("src/test/java/com/example/bench/FirstBenchTest.java"))
                + Files.readString(EXAMPLE.resolve("src/main/java/module-info.java"));
        String yaml = Files.readString(EXAMPLE.resolve("bench.yaml"));
        String pom = Files.readString(EXAMPLE.resolve("pom.xml")).replaceAll("\\s+", "");
        List<String> missing = new ArrayList<>();
        Matcher block = Pattern.compile("```(java|yaml|xml)\\n(.*?)```", Pattern.DOTALL).matcher(page);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            for (String line : block.group(2).split("\n", -1)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("<!--")) {
                    continue;
                }
                boolean found = switch (block.group(1)) {
                    case "java" -> java.contains(l);
                    case "yaml" -> yaml.contains(l);
                    // the page writes dependencies on one line each; the POM spreads them
                    default -> pom.contains(l.replaceAll("\\s+", "")) || l.startsWith("<plugin") || l.startsWith("</plugin")
                            || l.startsWith("<artifactId>maven-surefire") || l.startsWith("<configuration") || l.startsWith("</configuration");
                };
                if (!found) {
                    missing.add(block.group(1) + ": " + l);
                }
            }
        }
        assertThat(blocks).as("code blocks on the page").isGreaterThanOrEqualTo(5);
        Matcher version = Pattern.compile("<artifactId>benchhal-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(pom).as("the example's BOM import is the build's version").contains(
                "<artifactId>hal-bom</artifactId><!--theBenchHALversion;GettingStartedDocTestkeepsitequaltothebuild's--><version>"
                        + version.group(1) + "</version>");
        assertThat(missing).as("lines of docs/getting-started.md not in examples/consumer").isEmpty();
    }
}
