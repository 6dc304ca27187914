package dev.benchhal.lin.mum;

import dev.benchhal.lin.LinInterface;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.BasicDriverProvider;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;

import java.util.Optional;

/**
 * Scheme {@code mum}: {@code mum://HOST/lin0?baud=19200&power=power_out0&bootSettle=100ms}. Options:
 * {@code baud} (19200), {@code power} (the slave supply switch, {@code power_out0}; {@code none}),
 * {@code bootSettle} (100ms), {@code powerOnOpen} (true with a power device), {@code python} (the
 * interpreter with Melexis' packages; else {@code $BENCHHAL_MUM_PYTHON}, else {@code python3}),
 * {@code pythonPath} (a directory of packages), {@code latency} (1s added to each call's timeout),
 * {@code startTimeout} (15s), {@code restart} (true: the next call restarts a crashed bridge), {@code via} (the
 * bench role of the HostShell of a lab host the MUM is reached from: the bridge then runs there, with that host's
 * {@code python} and an absolute {@code pythonPath} on it).
 */
public final class MumProvider extends BasicDriverProvider<LinInterface> {

    /** Called by {@link java.util.ServiceLoader}. */
    public MumProvider() {
        super("mum", LinInterface.class, API_VERSION,
                "Melexis Universal Master as LIN master, through a bridge to Melexis' Python packages");
    }

    @Override
    public LinInterface open(DeviceSpec spec, DriverContext context) {
        MumSettings settings = MumSettings.from(spec, context);
        Optional<HostShell> via = settings.via().map(role -> context.device(role, HostShell.class));
        return MumLinInterface.open(settings, context.clock(), via);
    }
}
