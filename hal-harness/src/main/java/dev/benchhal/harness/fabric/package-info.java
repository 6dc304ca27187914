/**
 * The fronthaul fabric (the seed's {@code fiwicontrol.fabric}): {@link dev.benchhal.harness.fabric.FabricDefinition}
 * (radio heads bound to hub ports, the concentrator, the discovery fingerprint; versioned JSON), the lab INI file read
 * as the seed writes it ({@link dev.benchhal.harness.fabric.LabIni}), Acroname discovery on every lab machine
 * ({@link dev.benchhal.harness.fabric.FabricDiscovery}) and the READY / STALE / MISSING verdict
 * ({@link dev.benchhal.harness.fabric.FabricStatus}).
 */
package dev.benchhal.harness.fabric;
