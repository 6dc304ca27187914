package dev.benchhal.testing;

import dev.benchhal.Device;

/** A tiny device family for registry and bench tests. */
public interface Thermometer extends Device {
    double measureCelsius();
}
