package dev.benchhal.lin.mum;

/** A child JVM for {@link BridgeOutlivesNoJvmTest}: opens the MUM, prints the bridge's pid, waits to be killed. */
public final class BridgeHolder {

    private BridgeHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        MumLinInterface mum = FakeMum.open("fake", "");
        System.out.println("bridge-pid " + mum.bridgePid().orElseThrow());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
