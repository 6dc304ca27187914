package dev.benchhal.lin.ldf;

import java.util.List;
import java.util.Objects;

/**
 * {@code MasterReq} (0x3C) or {@code SlaveResp} (0x3D) from the {@code Diagnostic_frames} section.
 *
 * @param name    frame name
 * @param id      frame id
 * @param signals the diagnostic signals in file order
 */
public record DiagnosticFrame(String name, int id, List<PlacedSignal> signals) {

    /**
     * Validates and freezes the parts.
     *
     * @param name    frame name
     * @param id      frame id
     * @param signals the diagnostic signals in file order
     */
    public DiagnosticFrame {
        Objects.requireNonNull(name, "name");
        signals = List.copyOf(signals);
    }

    /** @return the frame length, always 8 bytes */
    public int length() {
        return 8;
    }
}
