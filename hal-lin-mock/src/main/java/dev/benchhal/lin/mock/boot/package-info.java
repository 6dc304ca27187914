/**
 * Model {@code bootloader}: a node's flash bootloader on LIN diagnostics, for the flashing step
 * ({@link dev.benchhal.lin.mock.boot.BootloaderNode}).
 */
package dev.benchhal.lin.mock.boot;
