package dev.benchhal.harness.hotswap;

import dev.benchhal.core.time.Await;
import dev.benchhal.error.HalException;
import dev.benchhal.harness.Campaign;
import dev.benchhal.harness.CampaignResult;
import dev.benchhal.harness.Cycle;
import dev.benchhal.harness.Progress;
import dev.benchhal.pcie.AerCounters;
import dev.benchhal.pcie.PcieDevice;
import dev.benchhal.pcie.PcieHost;
import dev.benchhal.pcie.PcieLink;
import dev.benchhal.pcie.PcieMatch;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostShell;
import dev.benchhal.time.BenchClock;
import dev.benchhal.usb.UsbHub;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fronthaul hot-swap campaign (the seed's {@code pcie_hotswap_harness.py}): every radio head is power-cycled
 * through its hub port at once each iteration, sharing one hub, one concentrator and its shell. One cycle
 * ({@link #oneCycle}): remove the function from the concentrator, power the port off, wait for the function to
 * vanish, settle, power on, wait for it to return at its address (rescanning), check the link's width and speed,
 * read its AER counters, and run the smoke command on the concentrator. Every failure is reported with its radio,
 * iteration and phase; every port is powered again at the end, whatever happened.
 *
 * <p>A dry run touches nothing: each phase logs what it would do. Real hardware is the caller's decision: the
 * command line asks for {@code --live} before it hands real devices over.
 */
public final class HotSwap {

    private static final Logger LOG = LoggerFactory.getLogger(HotSwap.class);

    private final Map<String, UsbHub> hubs;
    private final PcieHost concentrator;
    private final List<RadioHead> radios;
    private final Map<String, RadioHead> byName = new LinkedHashMap<>();
    private final Options options;
    private final @Nullable HostShell shell;
    private final Campaign campaign;

    /**
     * What a campaign does besides its radios.
     *
     * @param iterations    how many times every radio is cycled
     * @param settle        the pause between the vanish and the power-on (the seed's {@code --settle})
     * @param vanishTimeout how long a function may take to vanish
     * @param returnTimeout how long it may take to come back at its address
     * @param dryRun        log each phase, touch nothing
     * @param smoke         the command run on the concentrator's shell after each cycle (empty for none)
     * @param failFast      stop the iteration at the first failure (the seed's {@code TaskGroup})
     * @param resume        skip the cycles the records say ended already
     */
    public record Options(int iterations, Duration settle, Duration vanishTimeout, Duration returnTimeout, boolean dryRun,
                          List<String> smoke, boolean failFast, boolean resume) {

        /**
         * Validates.
         *
         * @param iterations    how many times every radio is cycled
         * @param settle        the pause between the vanish and the power-on (the seed's {@code --settle})
         * @param vanishTimeout how long a function may take to vanish
         * @param returnTimeout how long it may take to come back at its address
         * @param dryRun        log each phase, touch nothing
         * @param smoke         the command run on the concentrator's shell after each cycle (empty for none)
         * @param failFast      stop the iteration at the first failure (the seed's {@code TaskGroup})
         * @param resume        skip the cycles the records say ended already
         */
        public Options {
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: expected at least 1, got " + iterations);
            }
            for (Duration d : List.of(settle, vanishTimeout, returnTimeout)) {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("durations must not be negative, got " + d);
                }
            }
            smoke = List.copyOf(smoke);
        }

        /**
         * @param iterations how many times every radio is cycled
         * @return the defaults: no settle, 10 s to vanish, 30 s to return, live, no smoke command, every path every
         *         iteration, no resume
         */
        public static Options defaults(int iterations) {
            return new Options(iterations, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), false, List.of(), false, false);
        }
    }

    /**
     * @param hub          the hub whose ports power the radios
     * @param concentrator the host the radios enumerate on
     * @param shell        the concentrator's shell for the smoke command, or {@code null} when there is none
     * @param radios       the radios, one path each; names unique
     * @param clock        the bench's clock
     * @param directory    where the records (and the report) go
     * @param progress     how progress shows
     * @param options      iterations, timeouts, dry run, smoke command
     */
    public HotSwap(UsbHub hub, PcieHost concentrator, @Nullable HostShell shell, List<RadioHead> radios, BenchClock clock,
                   Path directory, Progress progress, Options options) {
        this(Map.of("", Objects.requireNonNull(hub, "hub")), concentrator, shell, radios, clock, directory, progress, options);
    }

    /**
     * A campaign over radio heads on several hubs (a fabric's).
     *
     * @param hubs         the hubs by serial; every radio's {@link RadioHead#hub()} is one of them
     * @param concentrator the host the radios enumerate on
     * @param shell        the concentrator's shell for the smoke command, or {@code null} when there is none
     * @param radios       the radios, one path each; names unique
     * @param clock        the bench's clock
     * @param directory    where the records (and the report) go
     * @param progress     how progress shows
     * @param options      iterations, timeouts, dry run, smoke command
     * @throws IllegalArgumentException when a radio's hub is not among the hubs
     */
    public HotSwap(Map<String, UsbHub> hubs, PcieHost concentrator, @Nullable HostShell shell, List<RadioHead> radios,
                   BenchClock clock, Path directory, Progress progress, Options options) {
        this.hubs = Map.copyOf(hubs);
        for (RadioHead r : radios) {
            if (hubFor(r) == null) {
                throw new IllegalArgumentException(r.name() + ": hub " + (r.hub().isEmpty() ? "(none named)" : r.hub())
                        + " is not among the campaign's hubs " + hubs.keySet());
            }
        }
        this.concentrator = Objects.requireNonNull(concentrator, "concentrator");
        this.shell = shell;
        this.radios = List.copyOf(radios);
        this.options = options;
        this.radios.forEach(r -> byName.put(r.name(), r));
        if (!options.smoke().isEmpty() && shell == null) {
            throw new IllegalArgumentException("a smoke command needs the concentrator's shell");
        }
        this.campaign = Campaign.named("hotswap").paths(List.copyOf(byName.keySet())).iterations(options.iterations())
                .clock(clock).directory(directory).progress(progress).failFast(options.failFast()).resume(options.resume())
                .safeState(this::powerEveryPort).build();
    }

    private @Nullable UsbHub hubFor(RadioHead radio) {
        UsbHub named = hubs.get(radio.hub());
        if (named != null) {
            return named;
        }
        // one hub given without a serial powers every radio; a radio that names a hub needs that hub
        boolean anyHub = hubs.containsKey("") || radio.hub().isEmpty();
        return anyHub && hubs.size() == 1 ? hubs.values().iterator().next() : null;
    }

    /**
     * Runs the campaign; blocks until its last iteration ended or it was stopped.
     *
     * @return every failure with its radio, iteration and phase, and the records
     */
    public CampaignResult run() {
        return campaign.run(cycle -> oneCycle(byName.get(cycle.path()), cycle));
    }

    /**
     * Runs the campaign as a program's main job: Ctrl-C (a JVM shutdown) stops it, and the JVM waits, up to a minute,
     * until every port is powered again. Blocks as {@link #run()} does.
     *
     * @return every failure with its radio, iteration and phase, and the records
     */
    public CampaignResult runStoppableByCtrlC() {
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            stop();
            try {
                ended.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hotswap-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return run();
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this
            }
        }
    }

    /** Stops the campaign (Ctrl-C): the cycles are interrupted, every port is powered again. Safe from any thread. */
    public void stop() {
        campaign.stop();
    }

    /**
     * One radio's cycle.
     *
     * @param radio the radio
     * @param cycle its cycle in this iteration
     * @throws Exception what a phase threw
     */
    void oneCycle(RadioHead radio, Cycle cycle) throws Exception {
        PcieMatch at = PcieMatch.at(radio.address());
        UsbHub hub = Objects.requireNonNull(hubFor(radio));
        if (options.dryRun()) {
            for (String phase : List.of("remove " + radio.address(), "power off hub port " + radio.port(), "wait for it to vanish",
                    "settle " + options.settle(), "power on hub port " + radio.port(), "wait for " + radio.address() + " to return",
                    "check x" + radio.width() + (radio.speedGts() > 0 ? " " + radio.speedGts() + " GT/s" : ""))) {
                cycle.step(phase.split(" ", -1)[0], () -> LOG.info("{} #{}: dry run: {}", radio.name(), cycle.iteration(), phase));
            }
            return;
        }
        Optional<AerCounters> aerBefore = concentrator.device(radio.address()).flatMap(PcieDevice::aer);
        cycle.step("remove", () -> {
            if (concentrator.device(radio.address()).isPresent()) {
                concentrator.remove(radio.address());
            }
        });
        cycle.step("power-off", () -> hub.setPortPower(radio.port(), false));
        try {
            cycle.step("wait-vanish", () -> concentrator.awaitGone(at, options.vanishTimeout()));
            if (!options.settle().isZero()) {
                cycle.step("settle", () -> cycle.clock().sleep(options.settle()));
            }
        } finally {
            // the radio is powered again whatever happened
            cycle.step("power-on", () -> hub.setPortPower(radio.port(), true));
        }
        PcieDevice back = cycle.phase("wait-return", () -> Await.until(cycle.clock(), radio.address() + " to return",
                () -> {
                    concentrator.rescan();
                    return concentrator.device(radio.address());
                }, Optional::isPresent, options.returnTimeout(), Duration.ofMillis(100)).orElseThrow());
        PcieLink link = back.link().orElseThrow(() -> new HalException(radio.name() + " " + radio.address(),
                "came back without a link to read"));
        cycle.note("linkWidth", link.currentWidth());
        cycle.note("linkSpeed", link.currentGts() + " GT/s");
        cycle.step("check-link", () -> {
            if (link.currentWidth() != radio.width() || (radio.speedGts() > 0 && link.currentGts() < radio.speedGts())) {
                throw new HalException(radio.name() + " " + radio.address(), "trained to x" + link.currentWidth() + " "
                        + link.currentGts() + " GT/s after the power cycle; expected x" + radio.width()
                        + (radio.speedGts() > 0 ? " at least " + radio.speedGts() + " GT/s" : ""));
            }
        });
        back.aer().ifPresent(after -> {
            cycle.note("aerCorrectable", after.correctable());
            cycle.note("aerNonFatal", after.nonFatal());
            cycle.note("aerFatal", after.fatal());
        });
        cycle.step("aer", () -> {
            if (back.aer().isPresent() && aerBefore.isPresent() && back.aer().get().fatal() > aerBefore.get().fatal()) {
                throw new HalException(radio.name() + " " + radio.address(), "fatal AER errors rose from "
                        + aerBefore.get().fatal() + " to " + back.aer().get().fatal());
            }
        });
        if (!options.smoke().isEmpty()) {
            cycle.step("smoke", () -> {
                CommandResult r = Objects.requireNonNull(shell).run(Command.of(options.smoke()).withTimeout(Duration.ofSeconds(30)));
                r.requireSuccess();
            });
        }
        LOG.info("{} #{}: {} back at {}", radio.name(), cycle.iteration(), String.format(Locale.ROOT, "x%d %.1f GT/s",
                link.currentWidth(), link.currentGts()), back.address());
    }

    private void powerEveryPort() {
        if (options.dryRun()) {
            return;
        }
        HalException failed = null;
        for (RadioHead radio : radios) {
            try {
                Objects.requireNonNull(hubFor(radio)).setPortPower(radio.port(), true);
            } catch (HalException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
