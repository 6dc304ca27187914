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

    /**
     * Wraps a device so that the named read methods return the answer to the previous such call, as a
     * driver does whose link fell one reply behind (a late reply taken for the next one).
     */
    @SuppressWarnings("unchecked")
    static <T> T oneReplyBehind(Class<T> family, T delegate, java.util.Set<String> reads) {
        Object[] last = {null};
        return (T) java.lang.reflect.Proxy.newProxyInstance(family.getClassLoader(), new Class<?>[] {family}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(delegate, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
            if (!reads.contains(method.getName())) {
                return result;
            }
            synchronized (last) {
                Object previous = last[0] == null ? result : last[0];
                last[0] = result;
                return previous;
            }
        });
    }

    /** Answers every LIN request with the previous request's reply; the frames are the fake bus's. */
    static class LinOneReplyBehind extends FakeMasterOnlyLinContractTest {
        @Override
        protected dev.benchhal.lin.LinInterface open() {
            return oneReplyBehind(dev.benchhal.lin.LinInterface.class, super.open(), java.util.Set.of("requestResponse"));
        }
    }

    /** Answers every set-point query with the previous query's answer. */
    static class SupplyOneReplyBehind extends PowerSupplyContract {
        private final FakePowerSupply.Instrument instrument = new FakePowerSupply.Instrument(1);

        @Override
        protected PowerSupply open() {
            return oneReplyBehind(PowerSupply.class, new FakePowerSupply(instrument, 1, true),
                    java.util.Set.of("voltageSetpoint", "currentSetpoint", "overVoltageLimit", "overCurrentLimit"));
        }
    }

    /** Answers every port state query with the previous query's answer. */
    static class HubOneReplyBehind extends UsbHubContract {
        @Override
        protected dev.benchhal.usb.UsbHub open() {
            return oneReplyBehind(dev.benchhal.usb.UsbHub.class, new dev.benchhal.tck.fakes.FakeUsbHub(8), java.util.Set.of("portState"));
        }
    }

    /** Started processes whose kill ends the process but not what it started, as a kill without the tree does. */
    static class ShellThatKillsOnlyTheParent extends HostShellContract {
        @Override
        protected String scratchDirectory() {
            return System.getProperty("java.io.tmpdir");
        }

        @Override
        protected dev.benchhal.shell.HostShell open() {
            return new dev.benchhal.tck.shell.ForwardingHostShell(new dev.benchhal.core.shell.LocalHostShell()) {
                @Override
                public dev.benchhal.shell.HostProcess start(dev.benchhal.shell.Command command) {
                    dev.benchhal.shell.HostProcess p = super.start(command);
                    return (dev.benchhal.shell.HostProcess) java.lang.reflect.Proxy.newProxyInstance(
                            dev.benchhal.shell.HostProcess.class.getClassLoader(), new Class<?>[] {dev.benchhal.shell.HostProcess.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("kill") || method.getName().equals("close")) {
                                    // only the process itself: its children live on
                                    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
                                    ProcessHandle.of(p.pid()).ifPresent(h -> h.onExit().join());
                                    return method.getName().equals("kill") ? 1 : null;
                                }
                                try {
                                    return method.invoke(p, args);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }

    private static TestExecutionSummary run(Class<?> contract) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    private static java.util.List<String> failed(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()).toList();
    }

    @Test
    void powerSupplyContractFailsASupplyThatLeavesItsOutputOn() {
        TestExecutionSummary summary = run(SupplyThatForgetsSafeOff.class);
        assertThat(summary.getTestsSucceededCount()).isPositive();
        assertThat(failed(summary)).containsExactly("closeSwitchesTheOutputOffWhenSafeOffOnClose()");
    }

    @Test
    void hostShellContractFailsAShellWhoseKillLeavesTheChildrenOfAStartedProcess() {
        assertThat(failed(run(ShellThatKillsOnlyTheParent.class))).containsExactly("killEndsTheWholeTreeOfAStartedProcess()");
    }

    @Test
    void concurrencyContractsFailDriversThatDeliverAReplyToTheWrongCaller() {
        assertThat(failed(run(LinOneReplyBehind.class))).contains("concurrentRequestsEachGetTheirOwnResponse()");
        assertThat(failed(run(SupplyOneReplyBehind.class))).contains("manyThreadsShareOneSupply()");
        assertThat(failed(run(HubOneReplyBehind.class))).contains("manyThreadsShareOneHub()");
    }
}
