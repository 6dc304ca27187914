package dev.benchhal.lin.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The timestamped record of what happened on the simulated bus, newest last. It keeps the last
 * {@code capacity} entries (the {@code traceCapacity} option, 100,000 by default) so long soaks do
 * not grow without bound; {@link #dropped()} says how many fell off. Thread-safe.
 */
public final class BusTrace {

    private final int capacity;
    private final ArrayDeque<TraceEntry> entries = new ArrayDeque<>();
    private long dropped;
    private long total;

    BusTrace(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trace capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(TraceEntry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
            dropped++;
        }
        entries.addLast(entry);
        total++;
    }

    /** @return a copy of the entries, oldest first */
    public synchronized List<TraceEntry> entries() {
        return new ArrayList<>(entries);
    }

    /**
     * @param filter which entries
     * @return a copy of the matching entries, oldest first
     */
    public synchronized List<TraceEntry> entries(Predicate<TraceEntry> filter) {
        List<TraceEntry> out = new ArrayList<>();
        for (TraceEntry e : entries) {
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the number of entries ever added (a position for {@link #since(long)}) */
    public synchronized long total() {
        return total;
    }

    /**
     * @param position a value of {@link #total()} taken earlier
     * @return the entries added since then that are still kept
     */
    public synchronized List<TraceEntry> since(long position) {
        long first = total - entries.size();
        List<TraceEntry> out = new ArrayList<>();
        long index = first;
        for (TraceEntry e : entries) {
            if (index++ >= position) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return how many entries were dropped to keep within the capacity */
    public synchronized long dropped() {
        return dropped;
    }

    /** Forgets every entry. */
    public synchronized void clear() {
        dropped += entries.size();
        entries.clear();
    }

    /**
     * Writes the entries as text, one {@link TraceEntry#toLine()} per line after a header line.
     *
     * @param out where to write
     */
    public void export(Writer out) {
        List<TraceEntry> copy = entries();
        try {
            out.write("#     seconds id   kind           data [checksum] node ; note\n");
            for (TraceEntry e : copy) {
                out.write(e.toLine());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file the file to write the text export to
     */
    public void export(Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            export(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bus trace to " + file, e);
        }
    }
}
