package dev.benchhal.usb;

import java.time.Instant;

/**
 * A port's power changed.
 *
 * @param hubSerial the hub's serial number
 * @param port      0-based port
 * @param powered   {@code true} when VBUS is now on
 * @param at        when, in bench time
 */
public record UsbPortEvent(String hubSerial, int port, boolean powered, Instant at) {
}
