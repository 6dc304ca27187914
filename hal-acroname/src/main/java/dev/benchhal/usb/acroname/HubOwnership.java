package dev.benchhal.usb.acroname;

import dev.benchhal.error.BusyException;

import java.util.HashMap;
import java.util.Map;

/**
 * One connection per hub per process: the BrainStem link is exclusive, and two drivers on one
 * hub in one JVM would fight over it. A second open of the same serial is a clear busy error.
 */
final class HubOwnership {

    private static final Map<String, String> OWNERS = new HashMap<>();

    private HubOwnership() {
    }

    static synchronized void claim(String serial, String owner) {
        String current = OWNERS.putIfAbsent(serial, owner);
        if (current != null) {
            throw new BusyException(owner, "hub " + serial + " is already open in this process as " + current
                    + "; share that instance (a bench role) or close it first");
        }
    }

    static synchronized void release(String serial, String owner) {
        OWNERS.remove(serial, owner);
    }
}
