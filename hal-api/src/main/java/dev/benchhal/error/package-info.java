/**
 * The one unchecked error hierarchy of Bench HAL, rooted in {@link dev.benchhal.error.HalException}:
 * not found, timeout, protocol, busy, disconnected, unsupported, config. Every message says
 * where, what was expected and what came.
 */
package dev.benchhal.error;
