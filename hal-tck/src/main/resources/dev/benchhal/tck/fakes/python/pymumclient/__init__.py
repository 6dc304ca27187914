"""Fake pymumclient, written by the Bench HAL team for tests: the object model public scripts
use with Melexis' package (MelexisUniversalMaster, open_all, get_device("lin0"/"power_out0")),
over a small simulated LIN bus (pymumclient._bench). No Melexis code.

The host name picks a misbehaviour, so a test chooses one through the mum:// URI:
  fake                 a normal MUM
  crash-NN.fake        the process dies while requesting frame id 0xNN
  garbage-NN.fake      garbage appears on stdout while requesting 0xNN
  slow-NN.fake         requests of 0xNN take 2 s
  refuse.fake          open_all fails (host unreachable)
"""
from . import _bench

__version__ = "0.0-fake"


class MelexisUniversalMaster:
    def open_all(self, host):
        _bench.configure(host)
        print("fake MUM client: connecting to %s" % host)   # vendor chatter on stdout, as real clients do
        if _bench.MODE == "refuse":
            raise ConnectionError("cannot connect to %s: host unreachable" % host)

    def close_all(self):
        _bench.STATE["closed"] = True

    def get_device(self, name):
        if name.startswith("power_out"):
            return PowerOut()
        if name.startswith("lin"):
            return LinMaster(name)
        raise ValueError("no device named %r on this MUM" % name)


class PowerOut:
    def power_up(self):
        _bench.STATE["powered"] = True
        _bench.STATE["asleep"] = False

    def power_down(self):
        _bench.STATE["powered"] = False

    def power_state(self):
        return _bench.STATE["powered"]


class LinMaster:
    def __init__(self, name):
        self.name = name
        self.ready = False

    def setup(self):
        self.ready = True

    def teardown(self):
        self.ready = False

    def wakeup(self):
        _bench.STATE["asleep"] = False
        _bench.STATE["wakeups"] += 1
