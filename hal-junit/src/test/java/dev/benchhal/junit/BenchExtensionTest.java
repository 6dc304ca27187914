package dev.benchhal.junit;

import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.time.VirtualClock;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.psu.PowerSupply;
import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.shell.HostShell;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** Real JUnit runs of small suites (the nested classes) through the engine test kit, events asserted. */
class BenchExtensionTest {

    private static final String SIMULATED = "devices:\n"
            + "  lin: \"lin-mock:?ldf=builtin:alm\"\n"
            + "  psu: \"owon:sim:SPE6103\"\n"
            + "topology:\n"
            + "  power: { volts: 13.5, amps: 2.0 }\n";

    /** What the suites saw, for the assertions after their run. */
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private Events run(String bench, Class<?>... suites) throws Exception {
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, bench);
        SEEN.clear();
        var request = EngineTestKit.engine("junit-jupiter").configurationParameter(BenchExtension.BENCH_FILE_PARAMETER, file.toString())
                .configurationParameter(BenchExtension.REPORTS_PARAMETER, dir.resolve("reports").toString());
        for (Class<?> suite : suites) {
            request = request.selectors(selectClass(suite));
        }
        return request.execute().testEvents();
    }

    // ---- devices by role and by type, one per role for the run, closed at its end ------------------

    @BenchTest
    static class InjectedSuite {
        @Role("psu")
        PowerSupply psu;

        @Test
        void fieldsAndParametersGetTheRunsDevices(LinInterface lin, @Role("psu") PowerSupply again, Bench bench, BenchClock clock) {
            SEEN.add(psu);
            SEEN.add(again);
            SEEN.add(lin);
            SEEN.add(clock);
            assertThat(again).isSameAs(psu);
            assertThat(bench.get("lin", LinInterface.class)).isSameAs(lin);
        }

        @Test
        void aSecondTestGetsTheSameDevices(@Role("psu") PowerSupply psu) {
            SEEN.add(psu);
            psu.setOutput(true);
        }
    }

    @BenchTest
    static class ConstructorSuite {
        private final PowerSupply psu;

        ConstructorSuite(PowerSupply psu) {
            this.psu = psu;
        }

        @Test
        void theConstructorGetsTheSupplyToo() {
            SEEN.add(psu);
        }
    }

    @Test
    void devicesAreInjectedByRoleAndTypeOncePerRunAndClosedWithSafeOffAtItsEnd() throws Exception {
        Events events = run(SIMULATED, InjectedSuite.class, ConstructorSuite.class);
        events.assertStatistics(s -> s.started(3).succeeded(3));
        PowerSupply psu = (PowerSupply) SEEN.get(0);
        assertThat(SEEN).filteredOn(PowerSupply.class::isInstance).allSatisfy(p -> assertThat(p).isSameAs(psu)).hasSize(4);
        assertThat(SEEN).filteredOn(BenchClock.class::isInstance).singleElement().isInstanceOf(VirtualClock.class);
        // the run is over: the bench closed, the supply's output off (safe off), although a test left it on
        OwonSimulator sim = psu.unwrap(OwonSimulator.class).orElseThrow();
        assertThat(sim.isOutputOn(1)).isFalse();
    }

    // ---- optional and required devices that are not there ----------------------------------------

    @BenchTest
    static class MissingDevicesSuite {
        @Test
        void optionalMissingRole(@Role(value = "hub", optional = true) dev.benchhal.usb.UsbHub hub) {
            SEEN.add(hub);
        }

        @Test
        void requiredMissingRole(@Role("hub") dev.benchhal.usb.UsbHub hub) {
            SEEN.add(hub);
        }

        @Test
        void optionalRoleWithoutItsDriver(@Role(value = "rig", optional = true) HostShell rig) {
            SEEN.add(rig);
        }

        @Test
        void requiredRoleWithoutItsDriver(@Role("rig") HostShell rig) {
            SEEN.add(rig);
        }

        @Test
        void optionalUnreachableDevice(@Role(value = "bench_psu", optional = true) PowerSupply psu) {
            SEEN.add(psu);
        }

        @Test
        void requiredUnreachableDevice(@Role("bench_psu") PowerSupply psu) {
            SEEN.add(psu);
        }
    }

    @Test
    void anUnavailableOptionalDeviceSkipsWithItsReasonAndARequiredOneFails() throws Exception {
        Events events = run(SIMULATED.replace("devices:\n", "devices:\n  rig: \"ssh://root@rig.example\"\n"
                + "  bench_psu: \"owon:serial:///dev/benchhal-no-such-port\"\n"), MissingDevicesSuite.class);
        events.assertStatistics(s -> s.started(6).skipped(0).aborted(3).failed(3).succeeded(0));
        assertThat(SEEN).isEmpty();
        events.assertThatEvents()
                .haveExactly(1, event(test("requiredMissingRole"), finishedWithFailure(message(m -> m.contains("no device with role \"hub\"")))))
                .haveExactly(1, event(test("requiredRoleWithoutItsDriver"), finishedWithFailure(message(m ->
                        m.contains("the driver for \"ssh\" is not installed: add the dependency dev.benchhal:hal-ssh")))))
                .haveExactly(1, event(test("requiredUnreachableDevice"), finishedWithFailure(message(m ->
                        m.contains("benchhal-no-such-port")))));
        assertThat(events.aborted().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")))
                .anySatisfy(m -> assertThat(m).startsWith("role \"hub\" is unavailable: ").contains("no device with role \"hub\""))
                .anySatisfy(m -> assertThat(m).startsWith("role \"rig\" is unavailable: ").contains("add the dependency dev.benchhal:hal-ssh"))
                .anySatisfy(m -> assertThat(m).startsWith("role \"bench_psu\" is unavailable: ").contains("benchhal-no-such-port"));
    }

    // ---- gates ------------------------------------------------------------------------------------

    @BenchTest
    @RequiresRole(value = "lin", scheme = "mum")
    static class OnlyWithAMumSuite {
        @Test
        void talksToTheMum() {
            SEEN.add("ran");
        }
    }

    @BenchTest
    static class GatedMethodsSuite {
        @Test
        @RequiresRole("lin")
        void withLin() {
            SEEN.add("lin");
        }

        @Test
        @RequiresRole("hub")
        void withHub() {
            SEEN.add("hub");
        }
    }

    @Test
    void gatesSkipWhatTheBenchCannotRunWithTheReason() throws Exception {
        var whole = EngineTestKit.engine("junit-jupiter");
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, SIMULATED);
        SEEN.clear();
        Events containers = whole.configurationParameter(BenchExtension.BENCH_FILE_PARAMETER, file.toString())
                .selectors(selectClass(OnlyWithAMumSuite.class)).execute().containerEvents();
        assertThat(containers.skipped().stream().map(e -> e.getPayload(String.class).orElse("")))
                .containsExactly("role \"lin\" of bench " + file + " is lin-mock:?ldf=builtin:alm, not mum:");
        Events methods = run(SIMULATED, GatedMethodsSuite.class);
        methods.assertStatistics(s -> s.succeeded(1).skipped(1));
        assertThat(methods.skipped().stream().map(e -> e.getPayload(String.class).orElse("")))
                .containsExactly("bench " + file + " has no role \"hub\"");
        assertThat(SEEN).containsExactly("lin");
    }

    // ---- a powered bench -------------------------------------------------------------------------

    @BenchTest
    @PoweredBench
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PoweredSuite {
        @Test
        @Order(1)
        void theRailIsOnAtNominalWithoutAsking(@Role("psu") PowerSupply psu) {
            SEEN.add(psu.voltageSetpoint());
            SEEN.add(psu.isOutputOn());
            SEEN.add(psu.measureVoltage());
        }

        @Test
        @Order(2)
        void aTestThatPerturbsTheRailAndFails(@Role("psu") PowerSupply psu) {
            psu.setVoltage(9.0);
            psu.setOutput(false);
            throw new AssertionError("the ECU browned out");
        }

        @Test
        @Order(3)
        void theNextTestFindsTheRailBackAtNominal(@Role("psu") PowerSupply psu) {
            SEEN.add(psu.voltageSetpoint());
            SEEN.add(psu.isOutputOn());
            SEEN.add(psu.measureVoltage());
            SEEN.add(psu);
        }
    }

    @Test
    void aPoweredBenchIsOnForTheRunBackAtNominalAfterEachTestAndOffAtTheEnd() throws Exception {
        Events events = run(SIMULATED, PoweredSuite.class);
        events.assertStatistics(s -> s.succeeded(2).failed(1));
        // the rail is there, settled, when each test starts: the measured voltage, not only the setpoint
        assertThat(SEEN.subList(0, 6)).containsExactly(13.5, true, 13.5, 13.5, true, 13.5);
        PowerSupply psu = (PowerSupply) SEEN.get(6);
        assertThat(psu.unwrap(OwonSimulator.class).orElseThrow().isOutputOn(1)).as("off at the end of the run").isFalse();
    }

    // ---- properties and measurements -------------------------------------------------------------

    @BenchTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class MeasuringSuite {
        @Test
        @Order(1)
        void aRailWithinItsLimits(Recorder rec, @Role("psu") PowerSupply psu) {
            psu.setCurrent(1);
            psu.setVoltage(13.5);
            psu.setOutput(true);
            psu.clock().sleep(java.time.Duration.ofSeconds(1));
            rec.property("firmware", psu.identity().firmware());
            SEEN.add(rec.measure("rail", psu.measureVoltage(), "V").within(13.2, 13.8));
            SEEN.addAll(rec.records());
        }

        @Test
        @Order(2)
        void aRailOutsideItsLimitsFailsTheTestWithTheRecord(Recorder rec) {
            rec.measure("rail", 12.91, "V").near(13.5, 0.3);
        }
    }

    @Test
    void measurementsAreRecordedWithUnitAndLimitsAndFailOutsideThem() throws Exception {
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, SIMULATED);
        SEEN.clear();
        var results = EngineTestKit.engine("junit-jupiter").configurationParameter(BenchExtension.BENCH_FILE_PARAMETER, file.toString())
                .selectors(selectClass(MeasuringSuite.class)).execute();
        Events events = results.testEvents();
        events.assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat((Double) SEEN.get(0)).isBetween(13.2, 13.8);
        assertThat(SEEN.subList(1, SEEN.size())).extracting(e -> ((Recorder.Entry) e).text())
                .containsExactly("FV:V1.3.0", "13.5 V within 13.2..13.8 V");
        assertThat(events.reportingEntryPublished().stream().map(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class)
                .map(r -> r.getKeyValuePairs().toString()).orElse("")))
                .containsExactly("{firmware=FV:V1.3.0}", "{rail=13.5 V within 13.2..13.8 V}", "{rail=12.91 V within 13.2..13.8 V: FAIL}");
        events.assertThatEvents().haveExactly(1, event(test("aRailOutsideItsLimitsFailsTheTestWithTheRecord"),
                finishedWithFailure(message("rail: 12.91 V is outside 13.2..13.8 V"))));
    }

    // ---- suites by package, baselines -------------------------------------------------------------

    @Test
    void aPackagesSuiteLimitsItsRolesAndItsBaselineRunsBeforeEachTestUnlessAClassReplacesIt() throws Exception {
        dev.benchhal.junit.suite.Journal.ENTRIES.clear();
        Events events = run(SIMULATED, dev.benchhal.junit.suite.LinSuiteCases.class);
        events.assertStatistics(s -> s.succeeded(2).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("cannotReachTheSupply"), finishedWithFailure(message(m -> m.contains(
                "role \"psu\" is not for the tests of suite \"lin\" (package dev.benchhal.junit.suite), which may use [lin]")))));
        assertThat(dev.benchhal.junit.suite.Journal.ENTRIES).containsExactly("led off", "test 1 sees OFF", "led off",
                "test 2 sees OFF", "led off");
        dev.benchhal.junit.suite.Journal.ENTRIES.clear();
        run(SIMULATED, dev.benchhal.junit.suite.RicherBaselineCases.class).assertStatistics(s -> s.succeeded(1));
        assertThat(dev.benchhal.junit.suite.Journal.ENTRIES).containsExactly("led off", "calibrated", "richer test");
        dev.benchhal.junit.suite.Journal.ENTRIES.clear();
        run(SIMULATED, dev.benchhal.junit.suite.NoBaselineCases.class).assertStatistics(s -> s.succeeded(1));
        assertThat(dev.benchhal.junit.suite.Journal.ENTRIES).containsExactly("bare test");
    }

    // ---- the same suite over several benches ------------------------------------------------------

    @Benches
    static class EveryBenchSuite {
        @Test
        void eachBenchHasItsOwnSupply(@Role("psu") PowerSupply psu, dev.benchhal.core.bench.BenchConfig config) {
            SEEN.add(Path.of(config.name()).getFileName() + " " + psu.identity().serial());
        }
    }

    @Benches
    static class SideBySideSuite {
        static final java.util.concurrent.CyclicBarrier BOTH = new java.util.concurrent.CyclicBarrier(2);

        @Test
        void bothBenchesRunAtOnce(@Role("psu") PowerSupply psu) throws Exception {
            psu.setOutput(true);
            // returns only when the other bench's test is here too: the benches run side by side
            BOTH.await(20, java.util.concurrent.TimeUnit.SECONDS);
            SEEN.add(psu.identity().serial());
        }
    }

    @Test
    void aSuiteRunsOncePerBenchEachWithItsOwnDevicesAlsoSideBySide() throws Exception {
        Path one = dir.resolve("dut-1.yaml");
        Path two = dir.resolve("dut-2.yaml");
        Files.writeString(one, "devices:\n  psu: \"owon:sim:SPE6103?serial=DUT1\"\n");
        Files.writeString(two, "devices:\n  psu: \"owon:sim:SPE6103?serial=DUT2\"\n");
        SEEN.clear();
        var result = EngineTestKit.engine("junit-jupiter").configurationParameter(BenchExtension.BENCH_FILES_PARAMETER, one + "," + two)
                .selectors(selectClass(EveryBenchSuite.class)).execute();
        result.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(SEEN).containsExactly("dut-1.yaml DUT1", "dut-2.yaml DUT2");
        assertThat(result.containerEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .contains(one.toString(), two.toString());

        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").configurationParameter(BenchExtension.BENCH_FILES_PARAMETER, one + "," + two)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(SideBySideSuite.class)).execute().testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(SEEN).containsExactlyInAnyOrder("DUT1", "DUT2");
    }

    // ---- the run's report ------------------------------------------------------------------------

    @BenchTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ReportedSuite {
        @Test
        @Order(1)
        @TestSpec(title = "The rail is nominal", requirements = "REQ-PSU-1", steps = {"switch on", "measure"},
                expected = "13.5 V")
        void railIsNominal(Recorder rec, @Role("psu") PowerSupply psu) {
            psu.setCurrent(1);
            psu.setVoltage(13.5);
            psu.setOutput(true);
            psu.clock().sleep(java.time.Duration.ofSeconds(1));
            rec.measure("rail", psu.measureVoltage(), "V").within(13.2, 13.8);
        }

        @Test
        @Order(2)
        @TestSpec(title = "Over-voltage is reported", requirements = {"REQ-PSU-1", "REQ-ALM-17"})
        void overVoltage() {
            throw new AssertionError("ALMVoltageStatus stayed NORMAL");
        }

        @Test
        @Order(3)
        void withAHub(@Role(value = "hub", optional = true) dev.benchhal.usb.UsbHub hub) {
            SEEN.add(hub);
        }
    }

    @Test
    void theRunEndsWithASummaryAndTheRequirementsCoverage() throws Exception {
        run(SIMULATED, ReportedSuite.class).assertStatistics(s -> s.succeeded(1).failed(1).aborted(1));
        String summary = Files.readString(dir.resolve("reports/summary.md"));
        assertThat(summary).contains("| passed | 1 |", "| failed | 1 |", "| skipped | 1 |")
                .contains("- **ReportedSuite.overVoltage()**: ALMVoltageStatus stayed NORMAL")
                .contains("| The rail is nominal | passed |").contains("| REQ-PSU-1 | rail: 13.5 V within 13.2..13.8 V |")
                .contains("| ReportedSuite.withAHub(UsbHub) | skipped |").doesNotContain("(no message)")
                .contains("Benches: " + dir.resolve("bench.yaml"));
        var coverage = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("reports/requirements-coverage.json").toFile());
        assertThat(coverage.get("requirements").size()).isEqualTo(2);
        assertThat(coverage.get("requirements").get(0).get("id").asString()).isEqualTo("REQ-ALM-17");
        assertThat(coverage.get("requirements").get(0).get("passed").asBoolean()).isFalse();
        assertThat(coverage.get("requirements").get(1).get("id").asString()).isEqualTo("REQ-PSU-1");
        assertThat(coverage.get("requirements").get(1).get("tests").size()).isEqualTo(2);
        assertThat(coverage.get("requirements").get(1).get("passed").asBoolean()).as("one of its tests failed").isFalse();
        String html = Files.readString(dir.resolve("reports/report.html"));
        assertThat(html).contains("<tr class=\"failed\"><td>ReportedSuite.overVoltage()</td><td>Over-voltage is reported</td>"
                        + "<td>REQ-PSU-1, REQ-ALM-17</td>")
                .contains("<td><ol><li>switch on</li><li>measure</li></ol></td><td>13.5 V</td><td>passed</td>")
                .contains("<ul><li>rail: 13.5 V within 13.2..13.8 V</li></ul>")
                .contains("<td>ALMVoltageStatus stayed NORMAL</td>");
        assertThat(RunReport.escape("<b a='1'>\"x\" & y</b>")).isEqualTo("&lt;b a=&#39;1&#39;&gt;&quot;x&quot; &amp; y&lt;/b&gt;");
    }

    // ---- the seed's markers -----------------------------------------------------------------------

    @BenchTest
    static class MarkedSuite {
        @Test
        @Smoke
        void alive() {
            SEEN.add("smoke");
        }

        @Test
        @Hardware
        @Slow
        void soakOnTheRealBench() {
            SEEN.add("hardware");
        }

        @Test
        @PsuSettling
        void settling() {
            SEEN.add("psu_settling");
        }
    }

    @Test
    void theSeedsMarkersAreTagsThatSelectTests() throws Exception {
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, SIMULATED);
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").configurationParameter(BenchExtension.BENCH_FILE_PARAMETER, file.toString())
                .configurationParameter(BenchExtension.REPORTS_PARAMETER, dir.resolve("reports").toString())
                .selectors(selectClass(MarkedSuite.class))
                .filters(org.junit.platform.launcher.TagFilter.excludeTags("hardware", "slow", "psu_settling"))
                .execute().testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).containsExactly("smoke");
    }

    // ---- failures in setup and teardown -----------------------------------------------------------

    /** A baseline that cannot reach its state. */
    public static final class LedStaysOn implements BenchBaseline {
        @Override
        public void apply(Context bench) {
            throw new IllegalStateException("the LED did not go off");
        }
    }

    @BenchTest
    @Baseline(LedStaysOn.class)
    static class BrokenBaselineSuite {
        @Test
        void body() {
            SEEN.add("body ran");
        }
    }

    @BenchTest
    @PoweredBench
    static class SupplyLostSuite {
        @Test
        void theSupplyStopsAnswering(@Role("psu") PowerSupply psu) {
            SEEN.add(psu);
            psu.unwrap(OwonSimulator.class).orElseThrow().dropReplies(1000);
        }
    }

    @Test
    void aFailingBaselineFailsTheTestBeforeItsBodyAndAFailingRestoreFailsTheTestAfterIt() throws Exception {
        Events baseline = run(SIMULATED, BrokenBaselineSuite.class);
        baseline.assertStatistics(s -> s.failed(1));
        baseline.assertThatEvents().haveExactly(1, event(test("body"), finishedWithFailure(message("the LED did not go off"))));
        assertThat(SEEN).as("the body never ran").isEmpty();

        Events restore = run(SIMULATED, SupplyLostSuite.class);
        restore.assertStatistics(s -> s.failed(1));
        restore.assertThatEvents().haveExactly(1, event(test("theSupplyStopsAnswering"), finishedWithFailure(
                message(m -> m.contains("owon:sim:SPE6103")))));
    }

    @BenchTest
    static class OutsiderSuite {
        @Test
        void asksForAnotherGroupsHelper(dev.benchhal.junit.suite.LedProbe led) {
            SEEN.add(led);
        }
    }

    @Test
    void aGroupsHelperIsMadeForItsTestsAndRefusedToOthers() throws Exception {
        Events outsider = run(SIMULATED, OutsiderSuite.class);
        outsider.assertStatistics(s -> s.failed(1));
        outsider.assertThatEvents().haveExactly(1, event(test("asksForAnotherGroupsHelper"), finishedWithFailure(message(m ->
                m.contains("LedProbe is a helper of another group of tests: " + OutsiderSuite.class.getName() + " is in no @BenchSuite")))));
        assertThat(SEEN).isEmpty();
    }

    // ---- preparations, once per run -------------------------------------------------------------

    /** Counts its runs and sees the bench's LIN bus. */
    public static final class CountedPreparation implements BenchPreparation {
        @Override
        public void prepare(BenchBaseline.Context bench) {
            SEEN.add("prepared on " + bench.device("lin", dev.benchhal.lin.LinInterface.class).uri().scheme());
        }
    }

    /** Finds nothing to prepare with: the bench file turns it on without saying what with. */
    public static final class AbortingPreparation implements BenchPreparation {
        @Override
        public void prepare(BenchBaseline.Context bench) {
            SEEN.add("tried");
            org.junit.jupiter.api.Assumptions.abort("flash enabled but no image named");
        }
    }

    /** Fails, as a node that refuses its image. */
    public static final class FailingPreparation implements BenchPreparation {
        @Override
        public void prepare(BenchBaseline.Context bench) {
            SEEN.add("tried");
            throw new IllegalStateException("the node refused the image");
        }
    }

    @BenchTest
    @Prepare(CountedPreparation.class)
    static class PreparedSuite {
        @Test
        void one() {
            SEEN.add("one");
        }

        @Test
        void two() {
            SEEN.add("two");
        }
    }

    @BenchTest
    @Prepare(CountedPreparation.class)
    static class AlsoPreparedSuite {
        @Test
        void three() {
            SEEN.add("three");
        }
    }

    @BenchTest
    @Prepare(AbortingPreparation.class)
    static class AbortedSuite {
        @Test
        void one() {
            SEEN.add("one");
        }

        @Test
        void two() {
            SEEN.add("two");
        }
    }

    @BenchTest
    @Prepare(FailingPreparation.class)
    static class UnpreparedSuite {
        @Test
        void one() {
            SEEN.add("one");
        }

        @Test
        void two() {
            SEEN.add("two");
        }
    }

    @Test
    void aPreparationRunsOnceForEveryTestThatNeedsIt() throws Exception {
        Events events = run(SIMULATED, PreparedSuite.class, AlsoPreparedSuite.class);
        events.assertStatistics(s -> s.succeeded(3));
        assertThat(SEEN).containsOnlyOnce("prepared on lin-mock").hasSize(4);
        assertThat(SEEN.get(0)).isEqualTo("prepared on lin-mock");
    }

    @Test
    void anAbortedPreparationSkipsAndAFailedOneFailsEveryTestThatNeedsItWithoutATry() throws Exception {
        Events aborted = run(SIMULATED, AbortedSuite.class);
        aborted.assertStatistics(s -> s.aborted(2));
        aborted.assertThatEvents().haveExactly(2, event(abortedWithReason(message(
                "AbortingPreparation: flash enabled but no image named"))));
        assertThat(SEEN).containsExactly("tried");

        Events failed = run(SIMULATED, UnpreparedSuite.class);
        failed.assertStatistics(s -> s.failed(2));
        failed.assertThatEvents().haveExactly(2, event(finishedWithFailure(
                instanceOf(BenchPreparation.FailedException.class),
                message(m -> m.contains("bench preparation FailingPreparation failed (once, before the first test that "
                        + "needed it)") && m.contains("the node refused the image")))));
        assertThat(SEEN).as("tried once, no body ran").containsExactly("tried");
    }
}
