package dev.benchhal.tck;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.tck.fakes.FakePowerSupply;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A contract is only worth something if it fails a broken driver: run it on one and look. */
class ContractsCatchBrokenDriversTest {

    /** Leaves its output on at close: the bug safe-off exists for. Run only from the test below. */
    static class SupplyThatForgetsSafeOff extends PowerSupplyContract {
        private final FakePowerSupply.Instrument instrument = new FakePowerSupply.Instrument(1);

        @Override
        protected PowerSupply open() {
            return new FakePowerSupply(instrument, 1, false);
        }
    }

    @Test
    void powerSupplyContractFailsASupplyThatLeavesItsOutputOn() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SupplyThatForgetsSafeOff.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsSucceededCount()).isPositive();
        assertThat(summary.getFailures()).singleElement()
                .satisfies(f -> assertThat(f.getTestIdentifier().getDisplayName())
                        .isEqualTo("closeSwitchesTheOutputOffWhenSafeOffOnClose()"));
    }
}
