package dev.benchhal.lin;

import java.time.Duration;

/**
 * The supply switch for the LIN slaves that some masters carry (the MUM's {@code power_out0}).
 * Thread-safe; calls block until the switch has acted.
 */
public interface SlavePower {

    /**
     * Switches the slaves' supply on and waits {@link #bootSettle()} on the bench clock, so the
     * first frame after it finds the slaves booted.
     */
    void powerUp();

    /** Switches the slaves' supply off. */
    void powerDown();

    /** @return {@code true} when the supply is on */
    boolean isPowered();

    /** @return how long {@link #powerUp()} waits after switching on */
    Duration bootSettle();
}
