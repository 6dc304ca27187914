/**
 * The driver SPI and selection by URI: {@link dev.benchhal.spi.DriverProvider} (implemented by
 * driver modules), {@link dev.benchhal.spi.DriverRegistry} (found with
 * {@link java.util.ServiceLoader}, on the classpath and the module path),
 * {@link dev.benchhal.spi.DeviceSpec} and {@link dev.benchhal.spi.DriverContext}.
 */
package dev.benchhal.spi;
