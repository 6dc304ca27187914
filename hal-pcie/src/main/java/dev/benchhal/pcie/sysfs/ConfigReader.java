package dev.benchhal.pcie.sysfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads only the parts of a device's {@code config} file the driver uses. Each configuration read
 * is a bus access, and under virtualisation a VM exit costing tens of microseconds, so reading
 * 256 bytes (64 accesses) per device made enumeration slower than running lspci. Read here: the
 * ids, command/status, class and header type dwords, a bridge's bus numbers, the capability
 * pointer, and, when asked, the capability chain up to the PCI Express capability. The result is
 * a 256-byte image with everything not read left zero.
 */
final class ConfigReader {

    private static final int[] HEADER_DWORDS = {0x00, 0x04, 0x08, 0x0C, 0x18, 0x34};

    /** The standard header every function has; the kernel gives even unprivileged readers this much. */
    static final int HEADER_BYTES = 64;

    /** A configuration space shorter than the standard header: what it would yield (zeros) is not vouched for. */
    static final class TruncatedConfig extends IOException {
        private static final long serialVersionUID = 1L;

        TruncatedConfig(Path file, long bytes) {
            super(file + ": " + bytes + " bytes, shorter than the " + HEADER_BYTES + "-byte header; not used");
        }
    }

    private ConfigReader() {
    }

    /**
     * @param file           the {@code config} file
     * @param withCapability also walk the capability list to the PCI Express capability
     * @return the sparse image
     * @throws IOException when the file cannot be read
     * @throws TruncatedConfig when it is shorter than the standard header
     */
    static byte[] read(Path file, boolean withCapability) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, file, withCapability);
        }
    }

    /**
     * @param ch             the open {@code config} file
     * @param file           its path, for messages
     * @param withCapability also walk the capability list to the PCI Express capability
     * @return the sparse image
     * @throws IOException when the file cannot be read
     * @throws TruncatedConfig when it is shorter than the standard header
     */
    static byte[] read(FileChannel ch, Path file, boolean withCapability) throws IOException {
        byte[] image = new byte[LocalSysfs.CAPABILITY_BYTES];
        {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                // sysfs reports the config file's full size whatever the reader may see; a shorter file is broken
                throw new TruncatedConfig(file, size);
            }
            for (int at : HEADER_DWORDS) {
                copy(ch, image, at, 4);
            }
            if (withCapability && (ExpressCapability.u16(image, 0x06) & 0x10) != 0) {
                int headerType = image[0x0E] & 0x7F;
                if (headerType == 2) {
                    copy(ch, image, 0x14, 4);
                }
                int pointer = (image[headerType == 2 ? 0x14 : 0x34] & 0xFF) & 0xFC;
                for (int hops = 0; pointer >= 0x40 && pointer + 0x14 <= image.length && hops < 48; hops++) {
                    copy(ch, image, pointer, 2);
                    if ((image[pointer] & 0xFF) == ExpressCapability.ID_EXPRESS) {
                        copy(ch, image, pointer, 0x14);
                        break;
                    }
                    pointer = (image[pointer + 1] & 0xFF) & 0xFC;
                }
            }
        }
        return image;
    }

    private static void copy(FileChannel ch, byte[] image, int at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(image, at, length);
        while (buffer.hasRemaining()) {
            // buffer.position() runs from at to at + length: it is also the file offset
            if (ch.read(buffer, buffer.position()) < 0) {
                return;     // the kernel gives unprivileged readers 64 bytes: the rest stays zero
            }
        }
    }
}
