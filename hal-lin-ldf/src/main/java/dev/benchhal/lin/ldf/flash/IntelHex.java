package dev.benchhal.lin.ldf.flash;

import dev.benchhal.error.ConfigException;
import dev.benchhal.util.Hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * An Intel HEX image, read with every check the format allows, as a flashing step needs it (the
 * seed's {@code HexFlasher} input): data records (00) at 16-bit offsets, extended segment (02) and
 * extended linear (04) addresses, start addresses (03, 05), and exactly one end-of-file record (01) at
 * the end. A record with a wrong checksum, a byte count that does not match its length, a byte that
 * is not hex, data written twice at one address, or a missing end is a {@link ConfigException}
 * naming the file and the line. Immutable and thread-safe.
 * <pre>{@code
 * IntelHex image = IntelHex.load(Path.of("firmware/alm_app.hex"));
 * for (IntelHex.Segment s : image.segments()) {
 *     flasher.write(s.address(), s.data());
 * }
 * }</pre>
 */
public final class IntelHex {

    /**
     * A run of contiguous bytes.
     *
     * @param address the first byte's 32-bit address
     * @param data    the bytes
     */
    @SuppressWarnings("ArrayRecordComponent") // the bytes are copied in and out, never compared by identity
    public record Segment(long address, byte[] data) {
        /**
         * Copies the bytes.
         *
         * @param address the first byte's 32-bit address
         * @param data    the bytes
         */
        public Segment {
            data = data.clone();
        }

        /** @return a copy of the bytes */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** @return the address after the last byte */
        public long end() {
            return address + data.length;
        }
    }

    private final List<Segment> segments;
    private final OptionalLong startAddress;

    private IntelHex(List<Segment> segments, OptionalLong startAddress) {
        this.segments = Collections.unmodifiableList(segments);
        this.startAddress = startAddress;
    }

    /**
     * @param file an Intel HEX file (ASCII)
     * @return the image
     * @throws ConfigException naming the file and line of the first error
     * @throws UncheckedIOException when the file cannot be read
     */
    public static IntelHex load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * @param text the records, one per line
     * @param name the file name for messages
     * @return the image
     * @throws ConfigException naming the file and line of the first error
     */
    public static IntelHex parse(String text, String name) {
        TreeMap<Long, Byte> bytes = new TreeMap<>();
        Map<Long, Integer> lineOf = new TreeMap<>();
        long base = 0;
        Long start = null;
        boolean ended = false;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (ended) {
                throw error(name, lineNo, "a record after the end-of-file record");
            }
            if (line.charAt(0) != ':') {
                throw error(name, lineNo, "a record starts with ':', not '" + line.charAt(0) + "'");
            }
            byte[] record;
            try {
                record = Hex.parse(line.substring(1));
            } catch (IllegalArgumentException e) {
                throw error(name, lineNo, "not hex digits in pairs: " + line);
            }
            if (record.length < 5) {
                throw error(name, lineNo, "a record has at least 5 bytes (count, address, type, checksum), this one " + record.length);
            }
            int count = record[0] & 0xFF;
            if (record.length != count + 5) {
                throw error(name, lineNo, "byte count " + count + " but " + (record.length - 5) + " data bytes");
            }
            int sum = 0;
            for (byte b : record) {
                sum += b & 0xFF;
            }
            if ((sum & 0xFF) != 0) {
                int expected = (-(sum - (record[record.length - 1] & 0xFF))) & 0xFF;
                throw error(name, lineNo, String.format("checksum 0x%02X, expected 0x%02X", record[record.length - 1] & 0xFF, expected));
            }
            int offset = ((record[1] & 0xFF) << 8) | (record[2] & 0xFF);
            int type = record[3] & 0xFF;
            switch (type) {
                case 0x00 -> {
                    for (int k = 0; k < count; k++) {
                        long address = base + offset + k;
                        Integer first = lineOf.putIfAbsent(address, lineNo);
                        if (first != null) {
                            throw error(name, lineNo, String.format("address 0x%08X is written twice (first at line %d)", address, first));
                        }
                        bytes.put(address, record[4 + k]);
                    }
                }
                case 0x01 -> {
                    if (count != 0) {
                        throw error(name, lineNo, "an end-of-file record has no data");
                    }
                    ended = true;
                }
                case 0x02, 0x04 -> {
                    if (count != 2) {
                        throw error(name, lineNo, "an extended address record has 2 data bytes, not " + count);
                    }
                    long value = ((long) (record[4] & 0xFF) << 8) | (record[5] & 0xFF);
                    base = type == 0x02 ? value << 4 : value << 16;
                }
                case 0x03, 0x05 -> {
                    if (count != 4) {
                        throw error(name, lineNo, "a start address record has 4 data bytes, not " + count);
                    }
                    long value = ((long) (record[4] & 0xFF) << 24) | ((long) (record[5] & 0xFF) << 16)
                            | ((long) (record[6] & 0xFF) << 8) | (record[7] & 0xFF);
                    start = type == 0x03 ? ((value >>> 16) << 4) + (value & 0xFFFF) : value;
                }
                default -> throw error(name, lineNo, String.format("unknown record type 0x%02X", type));
            }
        }
        if (!ended) {
            throw error(name, lines.length, "no end-of-file record (:00000001FF): the file is cut short");
        }
        return new IntelHex(segments(bytes), start == null ? OptionalLong.empty() : OptionalLong.of(start));
    }

    private static List<Segment> segments(java.util.SortedMap<Long, Byte> bytes) {
        List<Segment> out = new ArrayList<>();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        long runStart = -1;
        long next = -1;
        for (Map.Entry<Long, Byte> e : bytes.entrySet()) {
            if (e.getKey() != next && run.size() > 0) {
                out.add(new Segment(runStart, run.toByteArray()));
                run.reset();
            }
            if (run.size() == 0) {
                runStart = e.getKey();
            }
            run.write(e.getValue());
            next = e.getKey() + 1;
        }
        if (run.size() > 0) {
            out.add(new Segment(runStart, run.toByteArray()));
        }
        return out;
    }

    private static ConfigException error(String file, int line, String detail) {
        return new ConfigException(file, line, null, detail, null);
    }

    /** @return the contiguous runs of bytes, by address; gaps between them are not part of the image */
    public List<Segment> segments() {
        return segments;
    }

    /** @return the start address a 03 or 05 record gave, if any */
    public OptionalLong startAddress() {
        return startAddress;
    }

    /** @return how many bytes the image holds */
    public long size() {
        return segments.stream().mapToLong(s -> s.data.length).sum();
    }

    /**
     * @param address a 32-bit address
     * @return the byte there, if the image has one
     */
    public Optional<Byte> byteAt(long address) {
        for (Segment s : segments) {
            if (address >= s.address && address < s.end()) {
                return Optional.of(s.data[(int) (address - s.address)]);
            }
        }
        return Optional.empty();
    }
}
