package dev.benchhal.tck;

import dev.benchhal.psu.PowerSupply;
import dev.benchhal.tck.fakes.FakePowerSupply;

/** The power-supply contract passes on a two-channel reference fake whose state outlives the device. */
class FakeSupplyContractTest extends PowerSupplyContract {

    private final FakePowerSupply.Instrument instrument = new FakePowerSupply.Instrument(2);

    @Override
    protected PowerSupply open() {
        return new FakePowerSupply(instrument, 2, true);
    }
}
