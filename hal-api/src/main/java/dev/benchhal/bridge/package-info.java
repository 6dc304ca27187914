/**
 * Sidecar bridges: a helper process (our own script, in Python for vendor SDKs that exist only in
 * Python) that serves one JSON request per line on stdin and answers one JSON line on stdout. The
 * MUM driver drives Melexis' packages through one; the Acroname driver its vendor SDK.
 */
package dev.benchhal.bridge;
