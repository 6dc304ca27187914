package dev.benchhal.lin.mock.boot;

import dev.benchhal.lin.mock.DiagnosticReply;
import dev.benchhal.lin.mock.NodeBehaviour;
import dev.benchhal.lin.mock.SimulatedSlave;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A flash bootloader on LIN diagnostics, as ECUs have them, for the flashing step on the simulated
 * bench (the master's side: {@code dev.benchhal.lin.ldf.flash.LinFlasher}). Services (ISO 14229):
 * <ul>
 *   <li>0x10 DiagnosticSessionControl: 0x01 default, 0x02 programming;</li>
 *   <li>0x34 RequestDownload (programming session; format 0x44; the range inside the flash, which it
 *       erases: busy {@link #eraseTimePerKiB()} per KiB, answering "response pending" meanwhile),
 *       answering the longest block it takes ({@link #maxBlockLength()});</li>
 *   <li>0x36 TransferData: blocks numbered from 1 (wrapping 0xFF to 0x00), a repeated block
 *       acknowledged without writing again, data only inside the announced range;</li>
 *   <li>0x37 RequestTransferExit: only when every announced byte came;</li>
 *   <li>0x31 0x01 0x0202 check memory: CRC-32 of the range just written against the one sent,
 *       status 0 (equal) or 1 and its own CRC;</li>
 *   <li>0x11 0x01 ECUReset: back to the default session, the image becomes the application.</li>
 * </ul>
 * Negative responses: 0x13 bad length, 0x12 unknown sub-function, 0x7F a service outside the
 * programming session, 0x31 a range outside the flash, 0x24 a step out of sequence, 0x73 a block
 * out of sequence. Tests read what it received ({@link #memory}, {@link #verifiedRanges()},
 * {@link #resets()}) and make it misbehave ({@link #corruptNextBlock()}, {@link #stopAnswering()}).
 * Thread-safe through the simulator's bus lock (callbacks) and its own lock (the test's view).
 */
public final class BootloaderNode implements NodeBehaviour {

    /** Where the application flash starts (default). */
    public static final long FLASH_START = 0x0000_8000L;
    /** How big the application flash is (default): 224 KiB. */
    public static final int FLASH_SIZE = 224 * 1024;
    private static final int ERASED = 0xFF;

    private final long flashStart;
    private final byte[] flash;
    private final int maxBlockLength;
    private final Duration eraseTimePerKiB;

    private boolean programming;
    private long downloadAddress = -1;
    private int downloadSize;
    private int written;
    private int nextCounter;
    private int lastCounter = -1;
    private long checkAddress = -1;
    private int checkSize;
    private final List<long[]> verified = new ArrayList<>();
    private int resets;
    private boolean corruptNext;
    private boolean silent;

    /** The default bootloader: flash 0x8000..0x3FFFF, blocks of 130 bytes (128 of data), 10 ms per KiB to erase. */
    public BootloaderNode() {
        this(FLASH_START, FLASH_SIZE, 130, Duration.ofMillis(10));
    }

    /**
     * @param flashStart      the first address of the flash
     * @param flashSize       its size in bytes
     * @param maxBlockLength  the longest TransferData message it takes (service id, counter, data), 3..4095
     * @param eraseTimePerKiB how long erasing takes per KiB of a download's range (bench time)
     */
    public BootloaderNode(long flashStart, int flashSize, int maxBlockLength, Duration eraseTimePerKiB) {
        if (maxBlockLength < 3 || maxBlockLength > 4095) {
            throw new IllegalArgumentException("maxBlockLength " + maxBlockLength + ": expected 3..4095");
        }
        this.flashStart = flashStart;
        this.flash = new byte[flashSize];
        Arrays.fill(flash, (byte) ERASED);
        this.maxBlockLength = maxBlockLength;
        this.eraseTimePerKiB = eraseTimePerKiB;
    }

    /** @return the longest TransferData message it takes */
    public int maxBlockLength() {
        return maxBlockLength;
    }

    /** @return how long erasing takes per KiB */
    public Duration eraseTimePerKiB() {
        return eraseTimePerKiB;
    }

    @Override
    public synchronized Optional<DiagnosticReply> onDiagnosticService(SimulatedSlave node, byte[] r) {
        if (silent) {
            return Optional.empty();
        }
        int sid = r[0] & 0xFF;
        switch (sid) {
            case 0x10:
                return Optional.of(sessionControl(r));
            case 0x11:
                return Optional.of(reset(r));
            case 0x31:
                return Optional.of(routine(r));
            case 0x34:
                return Optional.of(requestDownload(r));
            case 0x36:
                return Optional.of(transferData(r));
            case 0x37:
                return Optional.of(transferExit(r));
            default:
                return Optional.empty();
        }
    }

    private DiagnosticReply sessionControl(byte[] r) {
        if (r.length != 2) {
            return DiagnosticReply.negative(0x10, 0x13);
        }
        int session = r[1] & 0x7F;
        if (session != 0x01 && session != 0x02) {
            return DiagnosticReply.negative(0x10, 0x12);
        }
        programming = session == 0x02;
        abortDownload();
        // P2 50 ms, P2* 5000 ms (in units of 10 ms)
        return DiagnosticReply.of(0x50, session, 0x00, 0x32, 0x01, 0xF4);
    }

    private DiagnosticReply reset(byte[] r) {
        if (r.length != 2) {
            return DiagnosticReply.negative(0x11, 0x13);
        }
        if ((r[1] & 0x7F) != 0x01) {
            return DiagnosticReply.negative(0x11, 0x12);
        }
        programming = false;
        abortDownload();
        resets++;
        return DiagnosticReply.of(0x51, 0x01);
    }

    private DiagnosticReply requestDownload(byte[] r) {
        if (!programming) {
            return DiagnosticReply.negative(0x34, 0x7F);
        }
        if (r.length != 11) {
            return DiagnosticReply.negative(0x34, 0x13);
        }
        if ((r[2] & 0xFF) != 0x44 || r[1] != 0) {
            return DiagnosticReply.negative(0x34, 0x31);
        }
        if (downloadAddress >= 0) {
            return DiagnosticReply.negative(0x34, 0x24);
        }
        long address = u32(r, 3);
        long size = u32(r, 7);
        if (size == 0 || address < flashStart || address + size > flashStart + flash.length) {
            return DiagnosticReply.negative(0x34, 0x31);
        }
        downloadAddress = address;
        downloadSize = (int) size;
        written = 0;
        nextCounter = 1;
        lastCounter = -1;
        checkAddress = -1;
        int from = (int) (address - flashStart);
        Arrays.fill(flash, from, from + downloadSize, (byte) ERASED);
        long kib = (size + 1023) / 1024;
        return DiagnosticReply.of(0x74, 0x20, maxBlockLength >>> 8, maxBlockLength & 0xFF)
                .after(eraseTimePerKiB.multipliedBy(kib));
    }

    private DiagnosticReply transferData(byte[] r) {
        if (downloadAddress < 0) {
            return DiagnosticReply.negative(0x36, 0x24);
        }
        if (r.length < 3 || r.length > maxBlockLength) {
            return DiagnosticReply.negative(0x36, 0x13);
        }
        int counter = r[1] & 0xFF;
        if (counter == lastCounter) {
            return DiagnosticReply.of(0x76, counter); // the master repeats a block whose answer it lost
        }
        if (counter != nextCounter) {
            return DiagnosticReply.negative(0x36, 0x73);
        }
        int n = r.length - 2;
        if (written + n > downloadSize) {
            return DiagnosticReply.negative(0x36, 0x31);
        }
        System.arraycopy(r, 2, flash, (int) (downloadAddress - flashStart) + written, n);
        if (corruptNext) {
            corruptNext = false;
            int at = (int) (downloadAddress - flashStart) + written;
            flash[at] = (byte) ~flash[at];
        }
        written += n;
        lastCounter = counter;
        nextCounter = (counter + 1) & 0xFF;
        return DiagnosticReply.of(0x76, counter);
    }

    private DiagnosticReply transferExit(byte[] r) {
        if (r.length != 1) {
            return DiagnosticReply.negative(0x37, 0x13);
        }
        if (downloadAddress < 0 || written < downloadSize) {
            return DiagnosticReply.negative(0x37, 0x24);
        }
        checkAddress = downloadAddress;
        checkSize = downloadSize;
        abortDownload();
        return DiagnosticReply.of(0x77);
    }

    private DiagnosticReply routine(byte[] r) {
        if (r.length < 4) {
            return DiagnosticReply.negative(0x31, 0x13);
        }
        int routine = (r[2] & 0xFF) << 8 | (r[3] & 0xFF);
        if ((r[1] & 0x7F) != 0x01 || routine != 0x0202) {
            return DiagnosticReply.negative(0x31, 0x31);
        }
        if (r.length != 8) {
            return DiagnosticReply.negative(0x31, 0x13);
        }
        if (checkAddress < 0) {
            return DiagnosticReply.negative(0x31, 0x24);
        }
        CRC32 crc = new CRC32();
        crc.update(flash, (int) (checkAddress - flashStart), checkSize);
        long mine = crc.getValue();
        boolean equal = mine == u32(r, 4);
        if (equal) {
            verified.add(new long[] {checkAddress, checkSize});
        }
        return DiagnosticReply.of(0x71, 0x01, 0x02, 0x02, equal ? 0 : 1, (int) (mine >>> 24) & 0xFF,
                (int) (mine >>> 16) & 0xFF, (int) (mine >>> 8) & 0xFF, (int) mine & 0xFF);
    }

    private void abortDownload() {
        downloadAddress = -1;
        downloadSize = 0;
        written = 0;
    }

    private static long u32(byte[] r, int at) {
        return (r[at] & 0xFFL) << 24 | (r[at + 1] & 0xFFL) << 16 | (r[at + 2] & 0xFFL) << 8 | (r[at + 3] & 0xFFL);
    }

    /**
     * @param address the first address
     * @param length  how many bytes
     * @return the flash there (0xFF where nothing was written)
     * @throws IllegalArgumentException outside the flash
     */
    public synchronized byte[] memory(long address, int length) {
        if (address < flashStart || length < 0 || address + length > flashStart + flash.length) {
            throw new IllegalArgumentException(String.format("0x%X..+%d is outside the flash 0x%X..0x%X", address, length,
                    flashStart, flashStart + flash.length - 1));
        }
        int from = (int) (address - flashStart);
        return Arrays.copyOfRange(flash, from, from + length);
    }

    /** @return the ranges whose memory check passed, as {address, size}, in order */
    public synchronized List<long[]> verifiedRanges() {
        List<long[]> out = new ArrayList<>();
        for (long[] v : verified) {
            out.add(v.clone());
        }
        return out;
    }

    /** @return how many ECUReset requests it served */
    public synchronized int resets() {
        return resets;
    }

    /** @return whether it is in the programming session */
    public synchronized boolean programmingSession() {
        return programming;
    }

    /** Writes the first byte of the next block inverted, as a flash that fails to program would. */
    public synchronized void corruptNextBlock() {
        corruptNext = true;
    }

    /** From now on it ignores every request, as a node that hangs. */
    public synchronized void stopAnswering() {
        silent = true;
    }
}
