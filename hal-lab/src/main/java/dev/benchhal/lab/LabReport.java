package dev.benchhal.lab;

import dev.benchhal.harness.CampaignReport;
import dev.benchhal.harness.RecordLog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a lab run did.
 *
 * @param results   every run that started, in the order they ended
 * @param notRun    every unit of work that did not start, with the reason
 * @param elapsed   from the scheduler's start to its end
 * @param directory the results directory
 * @param stopped   whether the run was stopped before it finished its work
 */
public record LabReport(List<RunResult> results, List<NotRun> notRun, Duration elapsed, Path directory, boolean stopped) {

    /**
     * Copies the lists.
     *
     * @param results   every run that started, in the order they ended
     * @param notRun    every unit of work that did not start, with the reason
     * @param elapsed   from the scheduler's start to its end
     * @param directory the results directory
     * @param stopped   whether the run was stopped before it finished its work
     */
    public LabReport {
        results = List.copyOf(results);
        notRun = List.copyOf(notRun);
    }

    /** @return whether every run passed and every unit of work ran */
    public boolean allPassed() {
        return !stopped && notRun.isEmpty() && results.stream().allMatch(r -> r.outcome().passed());
    }

    /**
     * @param outcome an outcome
     * @return how many runs ended so
     */
    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /**
     * Writes the lab's report into its results directory, from its {@code records.jsonl} alone (so a stopped,
     * crashed or resumed lab is reported the same way): {@code report.html} and {@code summary.md} of the campaign
     * runner, with every run a cycle on the timeline row of its boards, each spec a phase (its time's distribution and
     * control chart), and the outcomes counted.
     *
     * <p>Blocking (draws charts, about a second for a thousand runs); call it from any thread.
     *
     * @param results a lab's results directory
     * @return the files written
     * @throws dev.benchhal.error.ConfigException when the directory has no {@code records.jsonl}
     * @throws java.io.UncheckedIOException when the report cannot be written
     */
    public static CampaignReport.Written write(Path results) {
        List<Map<String, Object>> lab = RecordLog.read(results.resolve("records.jsonl")).records();
        List<Map<String, Object>> campaign = new ArrayList<>();
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("event", "campaign-start");
        Path name = results.toAbsolutePath().normalize().getFileName();
        start.put("campaign", "lab " + (name == null ? results : name));
        start.put("cycles", "runs");
        start.put("paths", "board sets");
        campaign.add(start);
        Map<Object, Object> started = new HashMap<>();
        Map<String, Integer> runsOn = new HashMap<>();
        for (Map<String, Object> r : lab) {
            if ("start".equals(r.get("event"))) {
                started.put(r.get("run"), r.get("at"));
            } else if ("end".equals(r.get("event")) && r.get("boards") instanceof List<?> boards && r.get("ms") instanceof Number ms) {
                String path = String.join("+", boards.stream().map(String::valueOf).toList());
                int iteration = runsOn.merge(path, 1, Integer::sum);
                Object at = started.getOrDefault(r.get("run"), startOf(r.get("at"), ms.longValue()));
                boolean ok = Outcome.PASSED.name().equals(r.get("outcome"));
                String spec = String.valueOf(r.get("spec"));
                Map<String, Object> phase = cycleRecord("phase", path, iteration, at, ms, ok);
                phase.put("phase", spec);
                campaign.add(phase);
                Map<String, Object> cycle = cycleRecord("cycle", path, iteration, at, ms, ok);
                if (!ok) {
                    cycle.put("failedPhase", spec);
                    cycle.put("error", r.get("outcome") + (r.get("message") == null ? "" : ": " + r.get("message")));
                }
                cycle.put("outcome", r.get("outcome"));
                cycle.put("spec", spec);
                campaign.add(cycle);
            }
        }
        return CampaignReport.write(campaign, results);
    }

    private static Map<String, Object> cycleRecord(String event, String path, int iteration, Object start, Number ms, boolean ok) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("event", event);
        r.put("path", path);
        r.put("iteration", iteration);
        r.put("start", start);
        r.put("ms", ms);
        r.put("ok", ok);
        return r;
    }

    private static Object startOf(Object end, long ms) {
        try {
            return Instant.parse(String.valueOf(end)).minusMillis(ms).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return end;
        }
    }
}
