package dev.benchhal.harness;

import dev.benchhal.error.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's records, one JSON object per line, appended as each step ends and flushed at once, so a crash, a
 * kill or a power cut of the machine running the campaign loses at most the line being written; a run can be
 * resumed or re-reported from the file alone.
 *
 * <pre>{@code
 * try (RecordLog records = RecordLog.append(dir.resolve("records.jsonl"))) {
 *     records.write(Map.of("path", "rrh1", "iteration", 3, "phase", "power-on", "ms", 812, "ok", true));
 * }
 * List<Map<String, Object>> all = RecordLog.read(dir.resolve("records.jsonl")).records();
 * }</pre>
 *
 * <p>Thread-safe: concurrent writers' lines never interleave. Writing blocks for one {@code write(2)}.
 */
public final class RecordLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** One reader for every line: reading a campaign's tens of thousands of records back for its report. */
    private static final tools.jackson.databind.ObjectReader RECORD = JSON.readerFor(LinkedHashMap.class);

    private final Path file;
    private final OutputStream out;

    private RecordLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens {@code file} for appending (made with its folders when missing). A file whose last line was cut off by
     * a crash gets a line break first, so the new records stay readable.
     *
     * @param file the records file, by convention {@code records.jsonl} in the campaign's directory
     * @return the log; close it when the campaign ends
     * @throws UncheckedIOException when the file cannot be opened
     */
    public static RecordLog append(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            boolean torn = Files.exists(file) && Files.size(file) > 0 && lastByte(file) != '\n';
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (torn) {
                out.write('\n');
            }
            return new RecordLog(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for records: " + e.getMessage(), e);
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Appends one record and flushes it to the operating system.
     *
     * @param record field names and values (strings, numbers, booleans, nulls, lists and maps of those); written in
     *               the map's order
     * @throws UncheckedIOException when the file cannot be written
     * @throws IllegalArgumentException when a value cannot be written as JSON
     */
    public void write(Map<String, ?> record) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("record cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", file, e.toString());
        }
    }

    /**
     * Reads every record of a file. A line that is not a JSON object (the one a crash cut off) is skipped and
     * counted, never fatal.
     *
     * @param file the records file
     * @return the records in file order, and the lines skipped
     * @throws ConfigException when the file does not exist or cannot be read
     */
    public static Contents read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "no such records file", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read: " + e.getMessage(), e);
        }
        List<Map<String, Object>> records = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> record = RECORD.readValue(line);
                records.add(record);
            } catch (JacksonException e) {
                skipped.add(i + 1);
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("{}: skipped {} unreadable line(s) {} (cut off by a crash?)", file, skipped.size(), skipped);
        }
        return new Contents(List.copyOf(records), List.copyOf(skipped));
    }

    private static int lastByte(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            channel.position(channel.size() - 1);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            channel.read(b);
            return b.get(0);
        }
    }

    /**
     * A records file as read.
     *
     * @param records      every readable record, in file order
     * @param skippedLines the 1-based numbers of lines that were not records
     */
    public record Contents(List<Map<String, Object>> records, List<Integer> skippedLines) {
    }
}
