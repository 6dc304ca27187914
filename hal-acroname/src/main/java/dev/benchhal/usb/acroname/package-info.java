/**
 * Acroname BrainStem USB hubs ({@code acroname:usb:SERIAL}) through the vendor SDK bridge, their
 * discovery on the USB buses, and a simulator ({@code acroname:sim}).
 */
package dev.benchhal.usb.acroname;
