/** Small shared helpers used across the API and by drivers: hex formatting, durations. */
package dev.benchhal.util;
