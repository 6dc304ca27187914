/**
 * The ALM suite: tests of the ambient-light module on LIN, with the bench supply. The ECU is
 * flashed once before the first test when the bench file names an image ({@link FlashEcu}, the
 * seed's {@code flash_ecu}); each test starts with the LED off (the seed's autouse
 * {@code _reset_to_off}); the suite may use the LIN bus and the supply.
 */
@BenchSuite(name = "alm", roles = {"lin", "psu"})
@Prepare(FlashEcu.class)
@Baseline(ResetToOff.class)
package com.example.ecu.alm;

import dev.benchhal.junit.Baseline;
import dev.benchhal.junit.BenchSuite;
import dev.benchhal.junit.Prepare;
