package dev.benchhal.junit.suite;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the suite's baselines and tests did, in order, for the assertions after a run. */
public final class Journal {

    /** The entries. */
    public static final List<String> ENTRIES = new CopyOnWriteArrayList<>();

    private Journal() {
    }
}
