package dev.benchhal.lin.ldf.flash;

import dev.benchhal.error.ProtocolException;
import dev.benchhal.lin.ldf.diag.DiagnosticTransport;
import dev.benchhal.lin.ldf.diag.NegativeResponseException;
import dev.benchhal.time.BenchClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Downloads an {@link IntelHex} image into a node's bootloader over LIN diagnostics (the seed's
 * {@code HexFlasher.flash_hex}), with the ISO 14229 services bootloaders on LIN speak:
 * <ol>
 *   <li>DiagnosticSessionControl 0x10 0x02: the programming session;</li>
 *   <li>per contiguous segment of the image: RequestDownload 0x34 (address and size, 4 bytes each;
 *       the node answers the longest block it takes), TransferData 0x36 in numbered blocks,
 *       RequestTransferExit 0x37, then RoutineControl 0x31 0x01 0x0202 "check memory" with the
 *       segment's CRC-32, which the node compares with what it wrote;</li>
 *   <li>ECUReset 0x11 0x01: the node starts the new application.</li>
 * </ol>
 * <pre>{@code
 * DiagnosticTransport alm = DiagnosticTransport.to(lin, ldf.nodeAttributes("ALM_Node"));
 * LinFlasher.Result r = LinFlasher.over(alm).flash(IntelHex.load(Path.of("alm-app.hex")));
 * }</pre>
 * Blocks for the download, in the bus's bench time. Errors name the segment and block: a refusal
 * ({@link NegativeResponseException}: an address outside the node's memory, a block out of
 * sequence), a timeout, or a {@link ProtocolException} when the node's checksum of a segment
 * differs from the image's. Not thread-safe: one download per node at a time.
 */
public final class LinFlasher {

    /** DiagnosticSessionControl */
    public static final int SID_SESSION_CONTROL = 0x10;
    /** the programming session of DiagnosticSessionControl */
    public static final int PROGRAMMING_SESSION = 0x02;
    /** ECUReset */
    public static final int SID_ECU_RESET = 0x11;
    /** hard reset of ECUReset */
    public static final int HARD_RESET = 0x01;
    /** RoutineControl */
    public static final int SID_ROUTINE_CONTROL = 0x31;
    /** start a routine (RoutineControl sub-function) */
    public static final int START_ROUTINE = 0x01;
    /** the routine that compares a CRC-32 with the memory written since the last RequestDownload */
    public static final int ROUTINE_CHECK_MEMORY = 0x0202;
    /** RequestDownload */
    public static final int SID_REQUEST_DOWNLOAD = 0x34;
    /** TransferData */
    public static final int SID_TRANSFER_DATA = 0x36;
    /** RequestTransferExit */
    public static final int SID_TRANSFER_EXIT = 0x37;
    /** RequestDownload's addressAndLengthFormatIdentifier: 4 bytes of address, 4 of size */
    public static final int ADDRESS_AND_LENGTH_FORMAT = 0x44;

    private static final Logger log = LoggerFactory.getLogger(LinFlasher.class);

    private final DiagnosticTransport node;

    private LinFlasher(DiagnosticTransport node) {
        this.node = node;
    }

    /**
     * What a download did.
     *
     * @param segments the segments written
     * @param bytes    the bytes written
     * @param blocks   the TransferData blocks sent
     * @param took     bench time from the first request to the reset
     */
    public record Result(int segments, long bytes, int blocks, Duration took) {
    }

    /**
     * @param node the transport to the node's bootloader
     * @return a flasher over it
     */
    public static LinFlasher over(DiagnosticTransport node) {
        return new LinFlasher(node);
    }

    /**
     * Downloads the image and resets the node.
     *
     * @param image the image; its segments go in address order
     * @return what was done
     * @throws NegativeResponseException when the node refuses a step, naming it
     * @throws ProtocolException         when the node's checksum of a segment is not the image's, or it answers out of turn
     * @throws dev.benchhal.error.HalTimeoutException when the node stops answering
     */
    public Result flash(IntelHex image) {
        BenchClock clock = node.clock();
        long start = clock.nanoTime();
        int blocks = 0;
        exchange(new byte[] {SID_SESSION_CONTROL, PROGRAMMING_SESSION}, "programming session");
        for (IntelHex.Segment segment : image.segments()) {
            blocks += download(segment);
        }
        exchange(new byte[] {SID_ECU_RESET, HARD_RESET}, "reset");
        Duration took = clock.since(start);
        log.info("{}: {} bytes in {} segments, {} blocks", node.source(), image.size(), image.segments().size(), blocks);
        return new Result(image.segments().size(), image.size(), blocks, took);
    }

    private int download(IntelHex.Segment segment) {
        String where = range(segment);
        long address = segment.address();
        byte[] data = segment.data();
        byte[] request = new byte[11];
        request[0] = (byte) SID_REQUEST_DOWNLOAD;
        request[1] = 0x00; // no compression, no encryption
        request[2] = (byte) ADDRESS_AND_LENGTH_FORMAT;
        putInt(request, 3, address);
        putInt(request, 7, data.length);
        byte[] accepted = exchange(request, "request download of " + where);
        if (accepted.length < 2 || (accepted[1] & 0xF0) >>> 4 < 1 || accepted.length < 2 + ((accepted[1] & 0xF0) >>> 4)) {
            throw new ProtocolException(node.source(), "a RequestDownload response without a block length", accepted, null);
        }
        int lengthBytes = (accepted[1] & 0xF0) >>> 4;
        long maxBlock = 0;
        for (int i = 0; i < lengthBytes; i++) {
            maxBlock = maxBlock << 8 | (accepted[2 + i] & 0xFF);
        }
        if (maxBlock < 3) {
            throw new ProtocolException(node.source(), "the node takes blocks of " + maxBlock
                    + " bytes, too few for a service id, a counter and data", accepted, null);
        }
        int perBlock = (int) Math.min(maxBlock - 2, 4093);
        int counter = 1;
        int blocks = 0;
        for (int at = 0; at < data.length; at += perBlock) {
            int n = Math.min(perBlock, data.length - at);
            byte[] transfer = new byte[2 + n];
            transfer[0] = (byte) SID_TRANSFER_DATA;
            transfer[1] = (byte) counter;
            System.arraycopy(data, at, transfer, 2, n);
            String block = String.format(Locale.ROOT, "block %d (0x%08X..0x%08X) of %s", blocks + 1, address + at,
                    address + at + n - 1, where);
            byte[] ack = exchange(transfer, block);
            if (ack.length < 2 || (ack[1] & 0xFF) != counter) {
                throw new ProtocolException(node.source(), "the node acknowledged another block than " + block, ack, null);
            }
            counter = (counter + 1) & 0xFF;
            blocks++;
        }
        exchange(new byte[] {(byte) SID_TRANSFER_EXIT}, "transfer exit of " + where);
        CRC32 crc = new CRC32();
        crc.update(data);
        long expected = crc.getValue();
        byte[] check = new byte[8];
        check[0] = (byte) SID_ROUTINE_CONTROL;
        check[1] = (byte) START_ROUTINE;
        check[2] = (byte) (ROUTINE_CHECK_MEMORY >>> 8);
        check[3] = (byte) ROUTINE_CHECK_MEMORY;
        putInt(check, 4, expected);
        byte[] result = exchange(check, "memory check of " + where);
        if (result.length < 5) {
            throw new ProtocolException(node.source(), "a check-memory result without a status", result, null);
        }
        if (result[4] != 0) {
            String theirs = result.length >= 9 ? String.format(Locale.ROOT, "0x%08X", getInt(result, 5)) : "another";
            throw new ProtocolException(node.source(), String.format(Locale.ROOT,
                    "the node's CRC-32 of %s is %s, the image's 0x%08X: what it wrote is not the image", where, theirs,
                    expected), result, null);
        }
        return blocks;
    }

    private byte[] exchange(byte[] request, String what) {
        try {
            return node.request(request);
        } catch (NegativeResponseException refused) {
            throw new NegativeResponseException(node.source(), refused.sid(), refused.nrc(), what);
        }
    }

    private static String range(IntelHex.Segment s) {
        return String.format(Locale.ROOT, "segment 0x%08X..0x%08X (%d bytes)", s.address(), s.end() - 1, s.data().length);
    }

    private static void putInt(byte[] to, int at, long value) {
        to[at] = (byte) (value >>> 24);
        to[at + 1] = (byte) (value >>> 16);
        to[at + 2] = (byte) (value >>> 8);
        to[at + 3] = (byte) value;
    }

    private static long getInt(byte[] from, int at) {
        return (from[at] & 0xFFL) << 24 | (from[at + 1] & 0xFFL) << 16 | (from[at + 2] & 0xFFL) << 8 | (from[at + 3] & 0xFFL);
    }
}
