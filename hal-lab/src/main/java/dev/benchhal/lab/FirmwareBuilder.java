package dev.benchhal.lab;

/** Builds one firmware variant for one board type (runs the build system); blocking; called from builder threads. */
@FunctionalInterface
public interface FirmwareBuilder {

    /**
     * @param type    the board type
     * @param variant the variant, empty for the default build
     * @return the built firmware
     * @throws Exception when the build fails: the runs that need it are reported as not run, with this reason
     */
    Firmware build(String type, String variant) throws Exception;
}
