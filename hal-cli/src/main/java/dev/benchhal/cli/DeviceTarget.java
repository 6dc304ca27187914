package dev.benchhal.cli;

import dev.benchhal.Device;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

/**
 * A device a subcommand names either by URI ({@code ssh://rig}, {@code lin-mock:?ldf=...}) or by a
 * role of the bench file ({@code rig}, {@code lin}; roles never contain ':'). Closing it closes
 * the device, or the whole bench when it came from one.
 *
 * @param <T> the device family
 */
final class DeviceTarget<T extends Device> implements AutoCloseable {

    private final T device;
    private final AutoCloseable owner;

    private DeviceTarget(T device, AutoCloseable owner) {
        this.device = device;
        this.owner = owner;
    }

    static <T extends Device> DeviceTarget<T> open(BenchHalCli root, String target, Class<T> family) {
        if (!target.contains(":")) {
            Bench bench = Bench.open(root.resolveBench(), root.registry());
            try {
                return new DeviceTarget<>(bench.get(target, family), bench);
            } catch (RuntimeException e) {
                bench.close();
                throw e;
            }
        }
        T device = root.registry().open(DeviceSpec.of(target), family, DriverContext.standalone());
        return new DeviceTarget<>(device, device);
    }

    T device() {
        return device;
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
