package dev.benchhal.lin.mum;

import dev.benchhal.bridge.PythonBridges;

/** A child JVM for {@link BridgeOutlivesNoJvmTest}: opens the MUM, prints the bridge's pid, waits to be killed. */
public final class BridgeHolder {

    private BridgeHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        MumLinInterface mum = FakeMum.open("fake", "");
        // a killed JVM deletes nothing on exit: the test removes the installed bridge
        System.out.println("bridge-dir " + PythonBridges.script(MumLinInterface.class, "mum_bridge.py").getParent());
        System.out.println("bridge-pid " + mum.bridgePid().orElseThrow());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
