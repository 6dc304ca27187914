/**
 * Sidecar bridges: a helper process (our own script, in Python for vendor SDKs that exist only in
 * Python) that serves one JSON request per line on stdin and answers one JSON line on stdout. The
 * MUM driver drives Melexis' packages through one; the Acroname driver its vendor SDK. Python
 * bridges import the protocol module shipped here, {@code benchhal_bridge.py}, and run from a
 * directory only the user can write ({@link dev.benchhal.bridge.PythonBridges} on this machine,
 * {@link dev.benchhal.bridge.ShellBatchBridge} on another).
 */
package dev.benchhal.bridge;
