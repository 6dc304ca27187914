"""Fake BrainStem SDK, written by the Bench HAL team for tests: the Python API lab scripts use
(brainstem.discover.findAllModules, brainstem.link.Spec, brainstem.stem.USBHub3p/USBHub2x4 with
.usb and .system), over simulated hubs. No Acroname code.

Simulated hubs (serial: model, ports):
  BFABDDC4  USBHub3p  8 ports, devices on ports 0 and 1
  E2C9BFA6  USBHub2x4 4 ports
  00C0FFEE  USBHub3p  reading port 5's state kills the process (a crashing SDK)
  0000BEEF  USBHub3p  keeps its port state in .state/fake-brainstem-0000BEEF.json beside this package between processes,
                      as hardware does (for bridges that run once per operation on a lab host)
A hub connection is exclusive across processes (a lock file per serial), like the real SDK's. A hub is unplugged
(not found, not discovered) while .state/unplugged-SERIAL exists beside this package.
"""
__version__ = "0.0-fake"
