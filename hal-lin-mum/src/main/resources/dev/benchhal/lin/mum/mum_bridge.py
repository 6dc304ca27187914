#!/usr/bin/env python3
"""Bench HAL bridge to a Melexis Universal Master (MUM).

Our own code, shipped in the hal-lin-mum jar. It imports the Melexis packages the user installed
(pymumclient, pylin; not on PyPI, Melexis hands them out) and serves them in the protocol of
benchhal_bridge (installed beside this script).
"""
import sys

from benchhal_bridge import BridgeError, Session, refuse, serve, version_of


def classify(error):
    """Maps an exception of the vendor packages to a bridge error code."""
    text = (type(error).__name__ + " " + str(error)).lower()
    if "timeout" in text or "no response" in text or "noresponse" in text or "no_response" in text:
        return "NO_RESPONSE"
    if "checksum" in text or "crc" in text:
        return "CHECKSUM"
    if "collision" in text:
        return "COLLISION"
    if "connect" in text or "socket" in text or "unreachable" in text:
        return "DISCONNECTED"
    return "DEVICE_ERROR"


def hex_bytes(text):
    try:
        return list(bytes.fromhex(text or ""))
    except ValueError:
        raise BridgeError("BAD_REQUEST", "data is not hex: %r" % (text,))


class MumSession(Session):
    def __init__(self, pymumclient, pylin):
        self.pymumclient = pymumclient
        self.pylin = pylin
        self.master = None
        self.lin_master = None
        self.power = None
        self.bus = None
        self.device = None
        self.transport = None
        self.powered = False

    def require_lin(self):
        if self.device is None:
            raise BridgeError("NOT_OPEN", "the LIN master is not set up (open and lin.setup first)")

    def op_open(self, request):
        self.master = self.pymumclient.MelexisUniversalMaster()
        self.master.open_all(request["host"])
        self.lin_master = self.master.get_device(request.get("lin", "lin0"))
        power = request.get("power")
        self.power = self.master.get_device(power) if power else None
        return {}

    def op_lin_setup(self, request):
        if self.lin_master is None:
            raise BridgeError("NOT_OPEN", "open first")
        self.lin_master.setup()
        self.bus = self.pylin.LinBusManager(self.lin_master)
        self.device = self.pylin.LinDevice22(self.bus)
        self.device.baudrate = int(request["baud"])
        self.transport = self.bus.get_device("bus/transport_layer")
        return {}

    def op_lin_baud(self, request):
        self.require_lin()
        self.device.baudrate = int(request["baud"])
        return {}

    def op_lin_send(self, request):
        self.require_lin()
        data = hex_bytes(request["data"])
        self.device.send_message(True, int(request["frameId"]), len(data), data)
        return {}

    def op_lin_request(self, request):
        self.require_lin()
        length = int(request["length"])
        response = self.device.send_message(False, int(request["frameId"]), length, None)
        data = bytes(response or b"")
        if len(data) < length:
            raise BridgeError("NO_RESPONSE", "0x%02X: %d of %d bytes" % (int(request["frameId"]), len(data), length))
        return {"data": data[:length].hex()}

    def op_lin_raw(self, request):
        self.require_lin()
        self.transport.ld_put_raw(hex_bytes(request["data"]))
        return {}

    def op_lin_wakeup(self, request):
        self.require_lin()
        for target, name in ((self.lin_master, "send_wakeup"), (self.lin_master, "wakeup"), (self.device, "wakeup")):
            method = getattr(target, name, None)
            if callable(method):
                method()
                return {}
        raise BridgeError("UNSUPPORTED", "this pylin/pymumclient has no wake-up call")

    def op_power_up(self, request):
        self.require_power()
        self.power.power_up()
        self.powered = True
        return {}

    def op_power_down(self, request):
        self.require_power()
        self.power.power_down()
        self.powered = False
        return {}

    def op_power_state(self, request):
        self.require_power()
        state = getattr(self.power, "power_state", None)
        return {"on": bool(state()) if callable(state) else self.powered}

    def require_power(self):
        if self.power is None:
            raise BridgeError("NO_POWER_DEVICE", "no power device was opened")

    def op_lin_teardown(self, request):
        if self.lin_master is not None:
            self.lin_master.teardown()
        self.device = None
        return {}

    def op_close(self, request):
        if self.master is not None:
            self.master.close_all()
        self.master = None
        return {}

    def release(self):
        if self.master is not None:
            self.master.close_all()


def main():
    try:
        import pymumclient
        import pylin
    except ImportError as error:
        return refuse(error, "install Melexis' pymumclient and pylin for this interpreter, or point the mum driver "
                             "at one that has them (option python or BENCHHAL_MUM_PYTHON; option pythonPath for a "
                             "directory of packages)")
    return serve(MumSession(pymumclient, pylin),
                 {"bridge": "mum", "pymumclient": version_of(pymumclient), "pylin": version_of(pylin)},
                 classify=classify)


if __name__ == "__main__":
    sys.exit(main())
