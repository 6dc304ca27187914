package dev.benchhal.lab;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One board of the lab's pool (the seed's tentacle): the device under test with what powers and
 * flashes it.
 *
 * @param id           unique in the pool and stable across runs, for example its USB serial's short form
 *                     {@code 5f2c}; letters, digits, {@code . _ -} (it names lease rows, lock files and result
 *                     directories)
 * @param type         the board type, which decides the firmware it needs, for example {@code RPI_PICO_W}
 * @param capabilities what the board offers tests, for example {@code wlan}, {@code bluetooth}; may be empty
 */
public record Board(String id, String type, Set<String> capabilities) implements Comparable<Board> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Validates every part; {@code capabilities} are copied and sorted.
     *
     * @param id           unique in the pool and stable across runs, for example its USB serial's short form
     *                     {@code 5f2c}; letters, digits, {@code . _ -} (it names lease rows, lock files and result
     *                     directories)
     * @param type         the board type, which decides the firmware it needs, for example {@code RPI_PICO_W}
     * @param capabilities what the board offers tests, for example {@code wlan}, {@code bluetooth}; may be empty
     */
    public Board {
        id = name("board id", id);
        type = name("board type of " + id, type);
        TreeSet<String> sorted = new TreeSet<>();
        for (String capability : Objects.requireNonNull(capabilities, "capabilities")) {
            sorted.add(name("capability of board " + id, capability));
        }
        capabilities = Set.copyOf(sorted);
    }

    /**
     * A board with capabilities.
     *
     * @param id           see {@link Board}
     * @param type         see {@link Board}
     * @param capabilities see {@link Board}
     * @return the board
     */
    public static Board of(String id, String type, String... capabilities) {
        return new Board(id, type, Set.of(capabilities));
    }

    /**
     * @param capability a capability name
     * @return whether this board offers it
     */
    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /**
     * Checks a name that goes into file names, SQL parameters and directory names.
     *
     * @param what  what the name is, for the message
     * @param value the name
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code what} when the value is empty, too long or has other characters
     */
    public static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": expected 1 to 64 of letters, digits, '.', '_', '-' "
                    + "starting with a letter or digit, got " + (value == null ? "nothing" : "\"" + value + "\""));
        }
        return value;
    }

    @Override
    public int compareTo(Board other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id + "-" + type + (capabilities.isEmpty() ? "" : capabilities.toString());
    }
}
