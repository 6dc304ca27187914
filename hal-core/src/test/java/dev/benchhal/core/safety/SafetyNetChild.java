package dev.benchhal.core.safety;

import dev.benchhal.safety.SafeState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Main class of the child JVM in {@link SafetyNetTest}: a "supply" whose output state is a
 * file, registered with a safety net, then the JVM ends the way the mode says.
 */
public final class SafetyNetChild {

    private SafetyNetChild() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        String mode = args[1];
        SafeState supply = new SafeState() {
            @Override
            public void enterSafeState() {
                try {
                    Files.writeString(state, "OFF", StandardOpenOption.TRUNCATE_EXISTING);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean safeStateOnClose() {
                return true;
            }

            @Override
            public String safeStateDescription() {
                return "output off";
            }
        };
        Files.writeString(state, "ON");
        ShutdownSafetyNet net = new ShutdownSafetyNet("child");
        net.protect("psu", supply);
        System.out.println("READY");
        System.out.flush();
        switch (mode) {
            case "exit" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("harness failed with the output on");
            case "wait" -> Thread.sleep(120_000);
            case "deregistered" -> {
                // a closed device must not be touched by the hook
                net.close();
                System.exit(0);
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }
}
