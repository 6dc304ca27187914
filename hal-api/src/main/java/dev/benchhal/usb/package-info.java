/**
 * The USB hub family: {@link dev.benchhal.usb.UsbHub} with per-port power and data control,
 * state flags, readbacks and power-change events.
 */
package dev.benchhal.usb;
