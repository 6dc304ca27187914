package dev.benchhal.psu.owon;

import dev.benchhal.psu.owon.sim.OwonSimulator;
import dev.benchhal.psu.owon.sim.PtySimulator;
import dev.benchhal.time.BenchClock;

import java.nio.file.Path;

/** A child JVM for {@link SafeOffOnSignalTest}: starts a pty simulator in the given directory, says so, and waits to be killed. */
public final class PtyHolder {

    private PtyHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        PtySimulator.start(new OwonSimulator(OwonModel.SPE6103, "PTY0001", BenchClock.system()), Path.of(args[0]));
        System.out.println("pty up");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
