package dev.benchhal.cli;

import dev.benchhal.Device;
import dev.benchhal.cli.spi.DeviceHandle;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.DriverRegistry;

import java.util.function.Supplier;

/**
 * A device a subcommand names either by URI ({@code ssh://rig}, {@code lin-mock:?ldf=...}) or by a
 * role of the bench file ({@code rig}, {@code lin}; roles never contain ':'). Closing it closes
 * the device, or the whole bench when it came from one.
 *
 * @param <T> the device family
 */
final class DeviceTarget<T extends Device> implements DeviceHandle<T> {

    private final T device;
    private final AutoCloseable owner;

    private DeviceTarget(T device, AutoCloseable owner) {
        this.device = device;
        this.owner = owner;
    }

    static <T extends Device> DeviceTarget<T> open(DriverRegistry registry, Supplier<BenchConfig> bench, String target,
                                                   Class<T> family) {
        if (!target.contains(":")) {
            Bench opened = Bench.open(bench.get(), registry);
            try {
                return new DeviceTarget<>(opened.get(target, family), opened);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        }
        T device = registry.open(DeviceSpec.of(target), family, DriverContext.standalone());
        return new DeviceTarget<>(device, device);
    }

    @Override
    public T device() {
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
