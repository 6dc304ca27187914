package dev.benchhal.harness;

import dev.benchhal.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLogTest {

    @TempDir
    Path dir;

    @Test
    void recordsAreOnDiskAsSoonAsWrittenAndReadBackInOrder() {
        Path file = dir.resolve("campaign/records.jsonl");
        try (RecordLog log = RecordLog.append(file)) {
            Map<String, Object> first = new LinkedHashMap<>();
            first.put("path", "rrh1");
            first.put("iteration", 1);
            first.put("ok", true);
            first.put("note", null);
            log.write(first);
            // another reader sees it before close: nothing waits in a buffer
            assertThat(RecordLog.read(file).records()).containsExactly(first);
            log.write(Map.of("path", "rrh2", "phases", List.of("off", "on")));
        }
        RecordLog.Contents contents = RecordLog.read(file);
        assertThat(contents.records()).hasSize(2);
        assertThat(contents.records().get(1)).containsEntry("phases", List.of("off", "on"));
        assertThat(contents.skippedLines()).isEmpty();
    }

    @Test
    void aLineCutOffByACrashIsSkippedAndTheNextRecordsStayReadable() throws IOException {
        Path file = dir.resolve("records.jsonl");
        Files.writeString(file, "{\"path\":\"rrh1\",\"ok\":true}\n{\"path\":\"rrh2\",\"o", StandardCharsets.UTF_8);
        try (RecordLog log = RecordLog.append(file)) {
            log.write(Map.of("path", "rrh3"));
        }
        RecordLog.Contents contents = RecordLog.read(file);
        assertThat(contents.records()).extracting(r -> r.get("path")).containsExactly("rrh1", "rrh3");
        assertThat(contents.skippedLines()).containsExactly(2);
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("records.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RecordLog log = RecordLog.append(file)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        log.write(Map.of("writer", writer, "i", i, "pad", "x".repeat(i * 7)));
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        RecordLog.Contents contents = RecordLog.read(file);
        assertThat(contents.skippedLines()).isEmpty();
        assertThat(contents.records()).hasSize(1600);
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> RecordLog.read(dir.resolve("nope.jsonl"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.jsonl").hasMessageContaining("no such records file");
    }

    @Test
    void appendingKeepsWhatWasThere() throws IOException {
        Path file = dir.resolve("records.jsonl");
        Files.writeString(file, "{\"a\":1}\n", StandardOpenOption.CREATE);
        try (RecordLog log = RecordLog.append(file)) {
            log.write(Map.of("a", 2));
        }
        assertThat(RecordLog.read(file).records()).extracting(r -> r.get("a")).containsExactly(1, 2);
    }
}
