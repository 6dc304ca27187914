/**
 * The fronthaul hot-swap campaign on the campaign runner: {@link dev.benchhal.harness.hotswap.HotSwap} power-cycles
 * every {@link dev.benchhal.harness.hotswap.RadioHead} through its hub port at once, each iteration.
 */
package dev.benchhal.harness.hotswap;
