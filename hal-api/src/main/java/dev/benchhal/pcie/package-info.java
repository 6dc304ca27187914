/**
 * The PCI Express family: {@link dev.benchhal.pcie.PcieHost} with enumeration, topology,
 * hot-swap operations and host snapshots; validated {@link dev.benchhal.pcie.PcieAddress}.
 */
package dev.benchhal.pcie;
