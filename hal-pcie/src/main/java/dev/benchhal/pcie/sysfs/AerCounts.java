package dev.benchhal.pcie.sysfs;

import java.util.OptionalLong;

/**
 * Reads the kernel's AER statistics files ({@code aer_dev_correctable}, {@code aer_dev_nonfatal},
 * {@code aer_dev_fatal}): one {@code NAME COUNT} line per error type and a {@code TOTAL_ERR_*} line.
 */
final class AerCounts {

    private AerCounts() {
    }

    /**
     * @param content a file's content
     * @return its total: the {@code TOTAL_ERR_*} line, or the sum of the lines when a kernel has none
     * @throws IllegalArgumentException when a line is not {@code NAME COUNT}
     */
    static OptionalLong total(String content) {
        long sum = 0;
        boolean any = false;
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected \"NAME COUNT\", found \"" + l + "\"");
            }
            long count;
            try {
                count = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a count after " + parts[0] + ", found \"" + parts[1] + "\"");
            }
            if (parts[0].startsWith("TOTAL_ERR_")) {
                return OptionalLong.of(count);
            }
            sum += count;
            any = true;
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }
}
