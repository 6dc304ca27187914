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
        // the kernel's TOTAL_ERR_* line, when there is one, is the answer: read only that line
        int total = content.lastIndexOf("TOTAL_ERR_");
        if (total >= 0 && (total == 0 || content.charAt(total - 1) == '\n')) {
            int end = content.indexOf('\n', total);
            OptionalLong counted = sumOfLines(content.substring(total, end < 0 ? content.length() : end));
            if (counted.isPresent()) {
                return counted;
            }
        }
        return sumOfLines(content);
    }

    private static OptionalLong sumOfLines(String content) {
        long sum = 0;
        boolean any = false;
        int at = 0;
        while (at < content.length()) {
            int end = content.indexOf('\n', at);
            if (end < 0) {
                end = content.length();
            }
            String l = content.substring(at, end).strip();
            at = end + 1;
            if (l.isEmpty()) {
                continue;
            }
            // NAME COUNT, split by hand: this runs for every device of every snapshot
            int space = 0;
            while (space < l.length() && !Character.isWhitespace(l.charAt(space))) {
                space++;
            }
            String[] parts = {l.substring(0, space), l.substring(space).strip()};
            if (parts[1].isEmpty() || parts[1].chars().anyMatch(Character::isWhitespace)) {
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
