package dev.benchhal.psu.owon;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

/** A child JVM for {@link SafeOffOnSignalTest}: switches the output on, says so, and waits to be killed. */
public final class SupplyHolder {

    private SupplyHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        PowerSupply psu = new OwonProvider().open(DeviceSpec.of("owon:serial://" + args[0] + "?openSettle=50ms"),
                DriverContext.standalone());
        psu.setVoltage(12);
        psu.setOutput(true);
        System.out.println("output on");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
