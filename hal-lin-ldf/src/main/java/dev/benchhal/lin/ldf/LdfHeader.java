package dev.benchhal.lin.ldf;

import java.util.Objects;

/**
 * The global definitions at the top of a LIN description file.
 *
 * @param protocolVersion    {@code LIN_protocol_version} as written: {@code "2.1"}, {@code "J2602_1_1.0"},
 *                           {@code "ISO17987:2015"}
 * @param languageVersion    {@code LIN_language_version} as written
 * @param speedBitsPerSecond {@code LIN_speed} in bit/s ({@code 19.2 kbps} is 19200)
 * @param channelName        {@code Channel_name}, {@code null} when absent
 * @param fileRevision       {@code LDF_file_revision} (ISO 17987) without quotes, {@code null} when absent
 * @param signalByteOrder    {@code LIN_sig_byte_order_*} (ISO 17987), {@code null} when absent
 */
public record LdfHeader(String protocolVersion, String languageVersion, int speedBitsPerSecond, String channelName,
                        String fileRevision, SignalByteOrder signalByteOrder) {

    /**
     * Validates the parts.
     *
     * @param protocolVersion    {@code LIN_protocol_version} as written: {@code "2.1"}, {@code "J2602_1_1.0"},
     *                           {@code "ISO17987:2015"}
     * @param languageVersion    {@code LIN_language_version} as written
     * @param speedBitsPerSecond {@code LIN_speed} in bit/s ({@code 19.2 kbps} is 19200)
     * @param channelName        {@code Channel_name}, {@code null} when absent
     * @param fileRevision       {@code LDF_file_revision} (ISO 17987) without quotes, {@code null} when absent
     * @param signalByteOrder    {@code LIN_sig_byte_order_*} (ISO 17987), {@code null} when absent
     */
    public LdfHeader {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(languageVersion, "languageVersion");
    }

    /** @return {@code true} for LIN 1.x files (classic checksum, lengths implied by the frame id) */
    public boolean isLin1() {
        return protocolVersion.startsWith("1.");
    }

    /** @return {@code true} for SAE J2602 files */
    public boolean isJ2602() {
        return protocolVersion.startsWith("J2602");
    }

    /** @return {@code true} for ISO 17987 files */
    public boolean isIso17987() {
        return protocolVersion.startsWith("ISO17987");
    }
}
