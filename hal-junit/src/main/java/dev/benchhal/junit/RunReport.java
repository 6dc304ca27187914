package dev.benchhal.junit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcomes of a run's bench tests, written when the run ends: {@code summary.md} (counts,
 * failures with their reasons, durations, the bench), {@code requirements-coverage.json} (each
 * requirement of a {@link TestSpec}: its tests and their outcomes) and {@code report.html} (every
 * test with its specification, outcome, reason and records). Thread-safe.
 */
final class RunReport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    /** How a test ended. */
    enum Outcome { PASSED, FAILED, SKIPPED, DISABLED }

    /**
     * One test.
     *
     * @param name     class and display name
     * @param outcome  how it ended
     * @param reason   why it failed or was skipped, else empty
     * @param duration how long it ran (real time)
     * @param bench    the bench it ran on
     * @param spec     its specification, if it has one
     * @param records  what its {@link Recorder} recorded
     */
    record TestRecord(String name, Outcome outcome, String reason, Duration duration, String bench, Optional<TestSpec> spec,
                      List<Recorder.Entry> records) {
    }

    private final Path directory;
    private final List<TestRecord> tests = new ArrayList<>();

    RunReport(Path directory) {
        this.directory = directory;
    }

    synchronized void add(TestRecord test) {
        tests.add(test);
    }

    @Override
    public synchronized void close() {
        if (tests.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("summary.md"), summary(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("requirements-coverage.json"), coverage(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("report.html"), html(), StandardCharsets.UTF_8);
            LOG.info("bench test reports in {}", directory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench test reports to " + directory, e);
        }
    }

    private String summary() {
        StringBuilder out = new StringBuilder("# Bench test summary\n\n");
        Map<Outcome, Long> counts = new TreeMap<>();
        for (TestRecord t : tests) {
            counts.merge(t.outcome(), 1L, Long::sum);
        }
        out.append("| outcome | tests |\n|---|---|\n");
        for (Outcome o : Outcome.values()) {
            out.append("| ").append(o.name().toLowerCase(Locale.ROOT)).append(" | ").append(counts.getOrDefault(o, 0L)).append(" |\n");
        }
        out.append("\nBenches: ").append(String.join(", ", tests.stream().map(TestRecord::bench).distinct().sorted().toList()))
                .append("\n");
        List<TestRecord> failed = tests.stream().filter(t -> t.outcome() == Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            out.append("\n## Failures\n\n");
            for (TestRecord t : failed) {
                out.append("- **").append(t.name()).append("**: ").append(oneLine(t.reason())).append('\n');
            }
        }
        out.append("\n## Tests\n\n| test | outcome | duration | requirements | records |\n|---|---|---|---|---|\n");
        for (TestRecord t : tests.stream().sorted(Comparator.comparing(TestRecord::name)).toList()) {
            out.append("| ").append(cell(t.spec().map(TestSpec::title).filter(s -> !s.isEmpty()).orElse(t.name())))
                    .append(" | ").append(t.outcome().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(String.format(Locale.ROOT, "%.3f s", t.duration().toNanos() / 1e9))
                    .append(" | ").append(cell(String.join(", ", t.spec().map(s -> List.of(s.requirements())).orElse(List.of()))))
                    .append(" | ").append(cell(String.join("; ", t.records().stream().map(r -> r.name() + ": " + r.text()).toList())))
                    .append(" |\n");
        }
        return out.toString();
    }

    private String coverage() {
        Map<String, List<TestRecord>> byRequirement = new TreeMap<>();
        for (TestRecord t : tests) {
            t.spec().ifPresent(s -> {
                for (String requirement : s.requirements()) {
                    byRequirement.computeIfAbsent(requirement, r -> new ArrayList<>()).add(t);
                }
            });
        }
        List<Map<String, Object>> requirements = new ArrayList<>();
        byRequirement.forEach((id, covering) -> {
            Map<String, Object> requirement = new LinkedHashMap<>();
            requirement.put("id", id);
            requirement.put("passed", covering.stream().allMatch(t -> t.outcome() == Outcome.PASSED));
            requirement.put("tests", covering.stream().map(t -> Map.of("test", t.name(),
                    "outcome", t.outcome().name().toLowerCase(Locale.ROOT))).toList());
            requirements.add(requirement);
        });
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(Map.of("requirements", requirements)) + "\n";
    }

    private String html() {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Bench test report</title><style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                + ".passed{background:#e6f4e6}.failed{background:#fbe3e3}.skipped,.disabled{background:#f4f4e0}"
                + "</style></head><body>\n<h1>Bench test report</h1>\n<p>");
        Map<Outcome, Long> counts = new TreeMap<>();
        for (TestRecord t : tests) {
            counts.merge(t.outcome(), 1L, Long::sum);
        }
        String sep = "";
        for (Outcome o : Outcome.values()) {
            out.append(sep).append(counts.getOrDefault(o, 0L)).append(' ').append(o.name().toLowerCase(Locale.ROOT));
            sep = ", ";
        }
        out.append("; benches: ").append(escape(String.join(", ", tests.stream().map(TestRecord::bench).distinct().sorted().toList())))
                .append("</p>\n<table>\n<tr><th>Test</th><th>Title</th><th>Requirements</th><th>Description</th><th>Steps</th>"
                        + "<th>Expected result</th><th>Outcome</th><th>Reason</th><th>Duration</th><th>Records</th></tr>\n");
        for (TestRecord t : tests.stream().sorted(Comparator.comparing(TestRecord::name)).toList()) {
            Optional<TestSpec> spec = t.spec();
            String outcome = t.outcome().name().toLowerCase(Locale.ROOT);
            out.append("<tr class=\"").append(outcome).append("\"><td>").append(escape(t.name()))
                    .append("</td><td>").append(escape(spec.map(TestSpec::title).orElse("")))
                    .append("</td><td>").append(escape(String.join(", ", spec.map(s -> List.of(s.requirements())).orElse(List.of()))))
                    .append("</td><td>").append(escape(spec.map(TestSpec::description).orElse("")))
                    .append("</td><td>").append(list(spec.map(s -> List.of(s.steps())).orElse(List.of()), true))
                    .append("</td><td>").append(escape(spec.map(TestSpec::expected).orElse("")))
                    .append("</td><td>").append(outcome)
                    .append("</td><td>").append(escape(t.reason()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.3f s", t.duration().toNanos() / 1e9))
                    .append("</td><td>").append(list(t.records().stream().map(r -> r.name() + ": " + r.text()).toList(), false))
                    .append("</td></tr>\n");
        }
        return out.append("</table>\n</body></html>\n").toString();
    }

    private static String list(List<String> items, boolean ordered) {
        if (items.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(ordered ? "<ol>" : "<ul>");
        for (String item : items) {
            out.append("<li>").append(escape(item)).append("</li>");
        }
        return out.append(ordered ? "</ol>" : "</ul>").toString();
    }

    /** @return the text for HTML: the markup characters as entities */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "(no message)" : line;
    }

    private static String cell(String text) {
        return text.isBlank() ? "-" : oneLine(text).replace("|", "\\|");
    }
}
