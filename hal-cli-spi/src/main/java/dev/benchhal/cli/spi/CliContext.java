package dev.benchhal.cli.spi;

import dev.benchhal.Device;
import dev.benchhal.spi.DriverRegistry;

/**
 * What the command line gives the subcommands it runs: the installed drivers and devices by URI or
 * by bench role. Used on the command line's thread.
 */
public interface CliContext {

    /** @return the installed drivers */
    DriverRegistry registry();

    /**
     * Opens the device a subcommand names, either by URI ({@code ssh://rig}, {@code owon:sim:SPE6103})
     * or by a role of the bench ({@code psu}; roles never contain ':'). Blocks while the device opens.
     *
     * @param target a device URI or a bench role
     * @param family the family the device must belong to
     * @param <T>    the family
     * @return the open device; closing it closes the device, or the whole bench when it came from one
     * @throws dev.benchhal.error.HalException when the URI, role or bench is wrong or the device
     *                                         cannot be opened
     */
    <T extends Device> DeviceHandle<T> open(String target, Class<T> family);
}
