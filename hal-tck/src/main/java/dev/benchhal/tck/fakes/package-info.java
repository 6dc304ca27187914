/**
 * Reference fakes of every device family, for users' own tests (as OkHttp ships MockWebServer):
 * in-memory devices that keep state and pass their family's contract ({@code FakePowerSupply},
 * {@code FakeLinBus}, {@code FakeUsbHub}, {@code FakePcieHost}, {@code FakeHypervisor}), and
 * {@link dev.benchhal.tck.fakes.ScriptedHostShell}, a {@code HostShell} double that answers from a
 * script and records what was run. Thread-safe.
 */
package dev.benchhal.tck.fakes;
