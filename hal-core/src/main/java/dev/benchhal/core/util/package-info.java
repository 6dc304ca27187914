/**
 * Utilities of the core: bounded output capture, process tree kills, time-boxed calls.
 */
package dev.benchhal.core.util;
