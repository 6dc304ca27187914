/**
 * LIN diagnostics over the master request (0x3C) and slave response (0x3D) frames: the transport
 * layer of ISO 17987-2 / LIN 2.x ({@link dev.benchhal.lin.ldf.diag.TransportFrames}: single, first
 * and consecutive frames of up to 4095 bytes), its master side with the node's timing
 * ({@link dev.benchhal.lin.ldf.diag.DiagnosticTransport}, {@link dev.benchhal.lin.ldf.diag.TransportTiming})
 * and the diagnostic services' negative responses ({@link dev.benchhal.lin.ldf.diag.NegativeResponseException}).
 */
package dev.benchhal.lin.ldf.diag;
