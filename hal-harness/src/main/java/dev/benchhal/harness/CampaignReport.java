package dev.benchhal.harness;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report a person reads after a campaign, made from its {@code records.jsonl} alone (so a crashed or resumed
 * campaign is reported the same way): {@code report.html}, one self-contained page with a per-path timeline of the
 * cycles, the distribution of each phase's time, control charts of every phase time and numeric KPI (individuals
 * chart, limits at the mean plus and minus 2.66 average moving ranges, points beyond them listed), counts of every
 * categorical KPI (link width and speed after retraining), and the failures; and {@code summary.md}, the same facts
 * as text. Charts are drawn by JFreeChart, headless.
 *
 * <p>Stateless; thread-safe.
 */
public final class CampaignReport {

    /** Cycles drawn on the timeline at most: a long campaign shows its first iterations. */
    static final int TIMELINE_CYCLES = 400;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 320;

    private CampaignReport() {
    }

    /**
     * What was written.
     *
     * @param html       the page
     * @param summary    the Markdown summary
     * @param outOfControl points beyond their control limits, one line each
     * @param verdict      the campaign's verdict, as the report's first line gives it
     * @param passed       whether every cycle passed
     */
    public record Written(Path html, Path summary, List<String> outOfControl, String verdict, boolean passed) {
    }

    /**
     * Writes {@code report.html} and {@code summary.md} into {@code dir} from a records file.
     *
     * @param records the campaign's {@code records.jsonl}
     * @param dir     where the report goes (made when missing)
     * @return the files written
     * @throws dev.benchhal.error.ConfigException when the records file does not exist
     * @throws UncheckedIOException when the report cannot be written
     */
    public static Written write(Path records, Path dir) {
        return write(RecordLog.read(records).records(), dir);
    }

    /**
     * Writes {@code report.html} and {@code summary.md} into {@code dir} from records in the campaign runner's form,
     * made by another runner (the lab's scheduler turns its runs into them). A {@code campaign-start} record may name
     * what a cycle and a path are in the verdict ({@code "cycles": "runs"}, {@code "paths": "board sets"}).
     *
     * @param records the records, in the order they were written
     * @param dir     where the report goes (made when missing)
     * @return the files written
     * @throws UncheckedIOException when the report cannot be written
     */
    public static Written write(List<Map<String, Object>> records, Path dir) {
        System.setProperty("java.awt.headless", "true");
        Data data = Data.of(records);
        try {
            Files.createDirectories(dir);
            List<String> outOfControl = new ArrayList<>();
            StringBuilder charts = new StringBuilder();
            charts.append(section("Timeline", data.cycles.size() > TIMELINE_CYCLES
                    ? "The first " + TIMELINE_CYCLES + " cycles of " + data.cycles.size() + ", each phase a bar." : "Every cycle, each phase a bar.",
                    png(timeline(data))));
            for (String phase : data.phaseNames()) {
                List<Double> ms = data.phaseValues(phase);
                boolean spread = ms.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                        > ms.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                // a phase that took the same time every run (in virtual time, often) has no distribution to draw
                charts.append(spread ? section("Time of " + phase, "Distribution over " + ms.size() + " runs of the phase.",
                        png(histogram(phase, ms))) : section("Time of " + phase, "All " + ms.size() + " runs took "
                        + (ms.isEmpty() ? "no time" : num(ms.get(0)) + " ms") + ".", ""));
            }
            Map<String, List<double[]>> metrics = data.metrics();
            for (Map.Entry<String, List<double[]>> m : metrics.entrySet()) {
                double first = m.getValue().isEmpty() ? 0 : m.getValue().get(0)[1];
                if (m.getValue().stream().allMatch(point -> point[1] == first)) {
                    charts.append(section("Control chart: " + m.getKey(), "Every one of " + m.getValue().size() + " cycles: "
                            + num(first) + "; no spread, nothing to chart.", ""));
                    continue;
                }
                ControlLimits limits = ControlLimits.of(m.getValue());
                for (double[] point : m.getValue()) {
                    if (limits.beyond(point[1])) {
                        Data.Cycle c = data.cycles.get((int) point[0]);
                        outOfControl.add(m.getKey() + " " + c.path + " #" + c.iteration + " = " + num(point[1])
                                + " (limits " + num(limits.lower) + " to " + num(limits.upper) + ")");
                    }
                }
                charts.append(section("Control chart: " + m.getKey(), String.format(Locale.ROOT,
                        "Individuals in cycle order; mean %s, limits %s to %s.", num(limits.mean), num(limits.lower), num(limits.upper)),
                        png(controlChart(m.getKey(), m.getValue(), limits))));
            }
            for (Map.Entry<String, Map<String, Integer>> c : data.categories().entrySet()) {
                charts.append(section(c.getKey(), "How often each value was seen after a cycle.", png(counts(c.getKey(), c.getValue()))));
            }
            Path html = dir.resolve("report.html");
            Files.writeString(html, html(data, charts.toString(), outOfControl), StandardCharsets.UTF_8);
            Path summary = dir.resolve("summary.md");
            Files.writeString(summary, markdown(data, outOfControl), StandardCharsets.UTF_8);
            return new Written(html, summary, List.copyOf(outOfControl), verdict(data), data.failed() == 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static JFreeChart timeline(Data data) {
        XYIntervalSeriesCollection set = new XYIntervalSeriesCollection();
        Map<String, XYIntervalSeries> byPhase = new LinkedHashMap<>();
        List<String> paths = data.paths();
        Instant origin = data.origin();
        data.phases.stream().filter(p -> p.cycle < TIMELINE_CYCLES).forEach(p -> {
            XYIntervalSeries s = byPhase.computeIfAbsent(p.phase, XYIntervalSeries::new);
            double start = Duration.between(origin, p.start).toNanos() / 1e9;
            int y = paths.indexOf(p.path);
            s.add(start, start, start + p.ms / 1000.0, y, y - 0.35, y + 0.35);
        });
        byPhase.values().forEach(set::addSeries);
        JFreeChart chart = ChartFactory.createXYBarChart(null, "seconds from the campaign's start", false, null, set,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRangeAxis(new SymbolAxis("path", paths.toArray(String[]::new)));
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setUseYInterval(true);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        return style(chart);
    }

    private static JFreeChart histogram(String phase, List<Double> ms) {
        HistogramDataset set = new HistogramDataset();
        set.addSeries(phase, ms.stream().mapToDouble(Double::doubleValue).toArray(), Math.max(5, Math.min(30, ms.size() / 4)));
        return style(ChartFactory.createHistogram(null, "milliseconds", "runs", set, PlotOrientation.VERTICAL, false, false, false));
    }

    private static JFreeChart controlChart(String metric, List<double[]> points, ControlLimits limits) {
        XYSeries series = new XYSeries(metric);
        for (int i = 0; i < points.size(); i++) {
            series.add(i + 1, points.get(i)[1]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(null, "cycle", metric, new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        plot.setRenderer(renderer);
        plot.addRangeMarker(marker(limits.mean, new Color(0x2E7D32), "mean"));
        plot.addRangeMarker(marker(limits.upper, new Color(0xC62828), "UCL"));
        plot.addRangeMarker(marker(limits.lower, new Color(0xC62828), "LCL"));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return style(chart);
    }

    private static JFreeChart counts(String metric, Map<String, Integer> counts) {
        DefaultCategoryDataset set = new DefaultCategoryDataset();
        counts.forEach((value, n) -> set.addValue(n, metric, value));
        JFreeChart chart = ChartFactory.createBarChart(null, metric, "cycles", set, PlotOrientation.VERTICAL, false, false, false);
        ((org.jfree.chart.renderer.category.BarRenderer) chart.getCategoryPlot().getRenderer()).setMaximumBarWidth(0.15);
        return style(chart);
    }

    private static ValueMarker marker(double value, Color color, String label) {
        ValueMarker m = new ValueMarker(value, color, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {6f, 4f}, 0f));
        m.setLabel(label);
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        m.setLabelPaint(color);
        return m;
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xFAFAFA));
        return chart;
    }

    private static String png(JFreeChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return "<img alt=\"chart\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(out.toByteArray()) + "\">";
    }

    private static String section(String title, String note, String body) {
        return "<section><h2>" + esc(title) + "</h2><p>" + esc(note) + "</p>" + body + "</section>\n";
    }

    private static String html(Data data, String charts, List<String> outOfControl) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(data.name)).append(" report</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#eee}")
                .append(".passed{color:#2E7D32}.failed{color:#C62828}section{margin:2em 0}</style></head><body>\n");
        h.append("<h1>").append(esc(data.name)).append("</h1>\n<p class=\"").append(data.failed() == 0 ? "passed" : "failed")
                .append("\" id=\"verdict\">").append(esc(verdict(data))).append("</p>\n");
        h.append("<table id=\"phases\"><tr><th>phase</th><th>runs</th><th>failed</th><th>mean ms</th><th>median ms</th>")
                .append("<th>95th percentile ms</th><th>max ms</th></tr>\n");
        for (String[] row : phaseRows(data)) {
            h.append("<tr>");
            for (String cell : row) {
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (data.failed() > 0) {
            h.append("<h2>Failures</h2><table id=\"failures\"><tr><th>path</th><th>iteration</th><th>phase</th><th>error</th></tr>\n");
            data.cycles.stream().filter(c -> !c.ok).forEach(c -> h.append("<tr><td>").append(esc(c.path)).append("</td><td>")
                    .append(c.iteration).append("</td><td>").append(esc(c.failedPhase)).append("</td><td>").append(esc(c.error))
                    .append("</td></tr>\n"));
            h.append("</table>\n");
        }
        if (!outOfControl.isEmpty()) {
            h.append("<h2>Out of control</h2><ul id=\"out-of-control\">");
            outOfControl.forEach(o -> h.append("<li>").append(esc(o)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append(charts).append("</body></html>\n");
        return h.toString();
    }

    private static String markdown(Data data, List<String> outOfControl) {
        StringBuilder m = new StringBuilder("# ").append(data.name).append("\n\n").append(verdict(data)).append("\n\n");
        m.append("| phase | runs | failed | mean ms | median ms | 95th percentile ms | max ms |\n|---|---|---|---|---|---|---|\n");
        for (String[] row : phaseRows(data)) {
            m.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        if (data.failed() > 0) {
            m.append("\n## Failures\n\n| path | iteration | phase | error |\n|---|---|---|---|\n");
            data.cycles.stream().filter(c -> !c.ok).forEach(c -> m.append("| ").append(c.path).append(" | ").append(c.iteration)
                    .append(" | ").append(c.failedPhase).append(" | ").append(c.error.replace("|", "\\|")).append(" |\n"));
        }
        if (!outOfControl.isEmpty()) {
            m.append("\n## Out of control\n\n");
            outOfControl.forEach(o -> m.append("- ").append(o).append('\n'));
        }
        return m.toString();
    }

    private static String verdict(Data data) {
        String of = " " + data.cycleNoun + " of " + data.paths().size() + " " + data.pathNoun;
        return data.failed() == 0
                ? "PASSED: " + data.cycles.size() + of + ", none failed."
                : "FAILED: " + data.failed() + " of " + data.cycles.size() + of + " failed.";
    }

    private static List<String[]> phaseRows(Data data) {
        List<String[]> rows = new ArrayList<>();
        for (String phase : data.phaseNames()) {
            List<Double> ms = new ArrayList<>(data.phaseValues(phase));
            ms.sort(Comparator.naturalOrder());
            long runs = data.phases.stream().filter(p -> p.phase.equals(phase)).count();
            long failed = data.phases.stream().filter(p -> p.phase.equals(phase) && !p.ok).count();
            // times of the runs that passed: a failed phase's time is its timeout, not a measurement
            rows.add(new String[] {phase, Long.toString(runs), Long.toString(failed),
                    num(ms.stream().mapToDouble(Double::doubleValue).average().orElse(0)), num(quantile(ms, 0.5)),
                    num(quantile(ms, 0.95)), num(ms.isEmpty() ? 0 : ms.get(ms.size() - 1))});
        }
        return rows;
    }

    /** The nearest-rank quantile of sorted values. */
    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** An individuals chart's limits: the mean plus and minus 2.66 average moving ranges. */
    record ControlLimits(double mean, double lower, double upper) {

        static ControlLimits of(List<double[]> points) {
            double mean = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
            double movingRange = 0;
            for (int i = 1; i < points.size(); i++) {
                movingRange += Math.abs(points.get(i)[1] - points.get(i - 1)[1]);
            }
            movingRange = points.size() > 1 ? movingRange / (points.size() - 1) : 0;
            return new ControlLimits(mean, mean - 2.66 * movingRange, mean + 2.66 * movingRange);
        }

        boolean beyond(double value) {
            return upper > lower && (value > upper || value < lower);
        }
    }

    /** The records, as the report needs them. */
    private static final class Data {
        String name = "campaign";
        String cycleNoun = "cycles";
        String pathNoun = "paths";
        final List<Cycle> cycles = new ArrayList<>();
        final List<Phase> phases = new ArrayList<>();

        record Cycle(String path, int iteration, Instant start, boolean ok, String failedPhase, String error, Map<String, Object> notes) {
        }

        record Phase(String path, int iteration, int cycle, String phase, Instant start, double ms, boolean ok) {
        }

        static Data of(List<Map<String, Object>> records) {
            Data d = new Data();
            // every path's phases start at the same few instants: each distinct one is parsed once
            Map<Object, Instant> instants = new java.util.HashMap<>();
            java.util.function.Function<Object, Instant> at = text -> instants.computeIfAbsent(text == null ? "" : text, Data::instant);
            Map<String, Map<String, Object>> lastCycle = new LinkedHashMap<>();
            List<Map<String, Object>> phaseRecords = new ArrayList<>();
            for (Map<String, Object> r : records) {
                Object event = r.get("event");
                if ("campaign-start".equals(event)) {
                    d.name = String.valueOf(r.get("campaign"));
                    d.cycleNoun = r.get("cycles") instanceof String noun ? noun : d.cycleNoun;
                    d.pathNoun = r.get("paths") instanceof String noun ? noun : d.pathNoun;
                } else if ("cycle".equals(event)) {
                    String key = r.get("path") + "#" + r.get("iteration");
                    lastCycle.remove(key);
                    lastCycle.put(key, r);
                } else if ("phase".equals(event)) {
                    phaseRecords.add(r);
                }
            }
            List<Map<String, Object>> ordered = new ArrayList<>(lastCycle.values());
            ordered.sort(Comparator.comparing((Map<String, Object> r) -> ((Number) r.get("iteration")).intValue())
                    .thenComparing(r -> String.valueOf(r.get("start"))).thenComparing(r -> String.valueOf(r.get("path"))));
            Map<String, Integer> index = new LinkedHashMap<>();
            Set<String> fixed = Set.of("event", "campaign", "path", "iteration", "start", "ms", "ok", "failedPhase", "error");
            for (Map<String, Object> r : ordered) {
                Map<String, Object> notes = new TreeMap<>();
                r.forEach((k, v) -> {
                    if (!fixed.contains(k)) {
                        notes.put(k, v);
                    }
                });
                index.put(r.get("path") + "#" + r.get("iteration"), d.cycles.size());
                notes.put("cycle ms", r.get("ms"));
                d.cycles.add(new Cycle(String.valueOf(r.get("path")), ((Number) r.get("iteration")).intValue(),
                        at.apply(r.get("start")), Boolean.TRUE.equals(r.get("ok")), String.valueOf(r.get("failedPhase")),
                        String.valueOf(r.get("error")), notes));
            }
            for (Map<String, Object> r : phaseRecords) {
                Integer cycle = index.get(r.get("path") + "#" + r.get("iteration"));
                if (cycle != null && r.get("ms") instanceof Number ms) {
                    d.phases.add(new Phase(String.valueOf(r.get("path")), ((Number) r.get("iteration")).intValue(), cycle,
                            String.valueOf(r.get("phase")), at.apply(r.get("start")), ms.doubleValue(), Boolean.TRUE.equals(r.get("ok"))));
                }
            }
            return d;
        }

        private static Instant instant(Object text) {
            try {
                return text == null || "".equals(text) ? Instant.EPOCH : Instant.parse(text.toString());
            } catch (java.time.format.DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }

        long failed() {
            return cycles.stream().filter(c -> !c.ok).count();
        }

        Instant origin() {
            return phases.stream().map(Phase::start).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        }

        List<String> paths() {
            Set<String> p = new LinkedHashSet<>();
            cycles.stream().map(Cycle::path).sorted().forEach(p::add);
            return new ArrayList<>(p);
        }

        List<String> phaseNames() {
            Set<String> names = new LinkedHashSet<>();
            phases.forEach(p -> names.add(p.phase));
            return new ArrayList<>(names);
        }

        List<Double> phaseValues(String phase) {
            return phases.stream().filter(p -> p.phase.equals(phase) && p.ok).map(Phase::ms).toList();
        }

        /** Numeric series in cycle order: every passed phase's ms, and every numeric note with many values. */
        Map<String, List<double[]>> metrics() {
            Map<String, List<double[]>> m = new LinkedHashMap<>();
            for (String phase : phaseNames()) {
                List<double[]> points = new ArrayList<>();
                phases.stream().filter(p -> p.phase.equals(phase) && p.ok).sorted(Comparator.comparingInt(Phase::cycle))
                        .forEach(p -> points.add(new double[] {p.cycle, p.ms}));
                m.put(phase + " ms", points);
            }
            for (String key : noteKeys()) {
                if (isCategory(key)) {
                    continue;
                }
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < cycles.size(); i++) {
                    if (cycles.get(i).notes.get(key) instanceof Number n) {
                        points.add(new double[] {i, n.doubleValue()});
                    }
                }
                if (points.size() > 1) {
                    m.put(key, points);
                }
            }
            return m;
        }

        /** Notes with few distinct values (link width, link speed, a state): counted, not charted in order. */
        Map<String, Map<String, Integer>> categories() {
            Map<String, Map<String, Integer>> c = new LinkedHashMap<>();
            for (String key : noteKeys()) {
                if (isCategory(key)) {
                    Map<String, Integer> counts = new TreeMap<>();
                    cycles.forEach(cy -> {
                        Object v = cy.notes.get(key);
                        if (v != null) {
                            counts.merge(String.valueOf(v), 1, Integer::sum);
                        }
                    });
                    c.put(key, counts);
                }
            }
            return c;
        }

        private List<String> noteKeys() {
            Set<String> keys = new LinkedHashSet<>();
            cycles.forEach(c -> keys.addAll(c.notes.keySet()));
            return new ArrayList<>(keys);
        }

        private boolean isCategory(String key) {
            Set<Object> values = new LinkedHashSet<>();
            boolean numeric = true;
            for (Cycle c : cycles) {
                Object v = c.notes.get(key);
                if (v != null) {
                    values.add(v);
                    numeric &= v instanceof Number;
                }
            }
            return !numeric || (values.size() <= 6 && !key.equals("cycle ms"));
        }
    }
}
