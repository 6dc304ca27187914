package dev.benchhal.lab;

import org.jspecify.annotations.Nullable;

import java.nio.file.Path;

/**
 * A firmware image built for one board type and variant, ready to flash.
 *
 * @param type    the board type, for example {@code RPI_PICO2}
 * @param variant the build variant, for example {@code RISCV}; empty for the type's default build
 * @param image   the image file, or {@code null} for simulated boards that flash nothing
 */
public record Firmware(String type, String variant, @Nullable Path image) {

    /**
     * Validates the names.
     *
     * @param type    the board type, for example {@code RPI_PICO2}
     * @param variant the build variant, for example {@code RISCV}; empty for the type's default build
     * @param image   the image file, or {@code null} for simulated boards that flash nothing
     */
    public Firmware {
        type = Board.name("firmware board type", type);
        if (!variant.isEmpty()) {
            variant = Board.name("firmware variant of " + type, variant);
        }
    }

    /** @return what the firmware is for: {@code RPI_PICO2} or {@code RPI_PICO2-RISCV} */
    public String label() {
        return variant.isEmpty() ? type : type + "-" + variant;
    }

    @Override
    public String toString() {
        return "Firmware[" + label() + (image == null ? "" : " " + image) + "]";
    }
}
