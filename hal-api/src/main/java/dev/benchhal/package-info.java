/**
 * Bench HAL's core types: {@link dev.benchhal.Device}, {@link dev.benchhal.DeviceUri} and
 * {@link dev.benchhal.Secret}. The device families live in sub-packages
 * ({@code lin}, {@code psu}, {@code usb}, {@code pcie}, {@code hypervisor}, {@code shell}); the
 * driver SPI and selection by URI in {@code spi}; bench files in {@code bench}.
 */
package dev.benchhal;
