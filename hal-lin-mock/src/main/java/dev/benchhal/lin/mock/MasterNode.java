package dev.benchhal.lin.mock;

/**
 * The master's side of the simulated cluster: the values of the signals the master publishes
 * (which the schedule runner sends) and the last values it received from the slaves.
 * Thread-safe (the bus lock).
 */
public final class MasterNode extends SimulatedNode {

    MasterNode(LinMock bus, ClusterLayout layout, String name) {
        super(bus, layout, name);
    }
}
