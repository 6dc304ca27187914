#!/usr/bin/env python3
"""Bench HAL bridge to Acroname BrainStem hubs.

Our own code, shipped in the hal-acroname jar. It imports the BrainStem SDK the user installed (the
`brainstem` Python package from Acroname) and serves it in the protocol of benchhal_bridge
(installed beside this script).
"""
import sys

from benchhal_bridge import BridgeError, Session, refuse, serve

# BrainStem aErr codes (aError.h) the Java side tells apart
ERRORS = {2: "BAD_PARAM", 3: "NOT_FOUND", 5: "BUSY", 6: "IO", 13: "RANGE", 18: "TIMEOUT", 19: "INITIALIZATION",
          21: "UNSUPPORTED", 25: "DISCONNECTED", 26: "RANGE", 28: "UNSUPPORTED", 29: "UNSUPPORTED"}
MODELS = {"USBHub2x4": 4, "USBHub3p": 8, "USBHub3c": 8}


def check(result, what):
    """SDK calls return an error number, or a Result with .error and .value."""
    error = getattr(result, "error", result)
    if isinstance(error, int) and error != 0:
        raise BridgeError(ERRORS.get(error, "SDK_ERROR_%d" % error), "%s: BrainStem error %d" % (what, error))
    return getattr(result, "value", None)


class HubSession(Session):
    def __init__(self, brainstem):
        self.brainstem = brainstem
        self.hub = None
        self.serial = None
        self.model = None

    def require_hub(self):
        if self.hub is None:
            raise BridgeError("NOT_CONNECTED", "connect first")
        return self.hub

    def op_discover(self, request):
        specs = self.brainstem.discover.findAllModules(self.brainstem.link.Spec.USB)
        return {"hubs": [{"serial": "%08X" % spec.serial_number, "model": int(getattr(spec, "model", 0))}
                         for spec in specs]}

    def op_connect(self, request):
        model = request["model"]
        if model not in MODELS:
            raise BridgeError("BAD_PARAM", "unknown hub model %r; models: %s" % (model, ", ".join(MODELS)))
        hub = getattr(self.brainstem.stem, model)()
        serial = int(request["serial"], 16)
        check(hub.discoverAndConnect(self.brainstem.link.Spec.USB, serial), "connect to %s" % request["serial"])
        self.hub, self.serial, self.model = hub, serial, model
        version = getattr(getattr(hub, "system", None), "getVersion", None)
        firmware = check(version(), "firmware version") if callable(version) else None
        return {"ports": MODELS[model], "firmware": "" if firmware is None else str(firmware)}

    def op_disconnect(self, request):
        if self.hub is not None:
            self.hub.disconnect()
        self.hub = None
        return {}

    def op_port_enable(self, request):
        usb = self.require_hub().usb
        port = int(request["port"])
        check(usb.setPortEnable(port) if request["on"] else usb.setPortDisable(port), "port %d enable" % port)
        return {}

    def op_port_power(self, request):
        usb = self.require_hub().usb
        port = int(request["port"])
        check(usb.setPowerEnable(port) if request["on"] else usb.setPowerDisable(port), "port %d power" % port)
        return {}

    def op_port_data(self, request):
        usb = self.require_hub().usb
        port = int(request["port"])
        lane = request["lane"]
        if lane == "USB2":
            call = usb.setHiSpeedDataEnable if request["on"] else usb.setHiSpeedDataDisable
        elif lane == "USB3":
            call = usb.setSuperSpeedDataEnable if request["on"] else usb.setSuperSpeedDataDisable
        else:
            raise BridgeError("BAD_PARAM", "lane %r is not USB2 or USB3" % (lane,))
        check(call(port), "port %d %s data" % (port, lane))
        return {}

    def op_port_state(self, request):
        usb = self.require_hub().usb
        port = int(request["port"])
        return {"state": check(usb.getPortState(port), "port %d state" % port),
                "microvolts": check(usb.getPortVoltage(port), "port %d voltage" % port),
                "microamps": check(usb.getPortCurrent(port), "port %d current" % port)}

    def op_port_limit(self, request):
        usb = self.require_hub().usb
        port = int(request["port"])
        if "microamps" in request:
            check(usb.setPortCurrentLimit(port, int(request["microamps"])), "port %d current limit" % port)
        return {"microamps": check(usb.getPortCurrentLimit(port), "port %d current limit" % port)}

    def op_reset(self, request):
        hub = self.require_hub()
        # system.reset() reports an error by design: the hub drops the link while it reboots
        try:
            hub.system.reset()
        except Exception as error:
            print("reset: %s (expected while the hub reboots)" % error, file=sys.stderr)
        hub.disconnect()
        check(hub.discoverAndConnect(self.brainstem.link.Spec.USB, self.serial), "reconnect after reset")
        return {}

    def release(self):
        if self.hub is not None:
            self.hub.disconnect()


def main():
    try:
        import brainstem
        import brainstem.discover
        import brainstem.link
        import brainstem.stem
    except ImportError as error:
        return refuse(error, "install Acroname's BrainStem SDK for this interpreter (python3 -m pip install "
                             "brainstem), or point the acroname driver at one that has it (option python or "
                             "BENCHHAL_ACRONAME_PYTHON; option pythonPath for a directory)")
    return serve(HubSession(brainstem), {"bridge": "acroname", "brainstem": getattr(brainstem, "__version__", "unknown")},
                 unexpected="SDK_EXCEPTION")


if __name__ == "__main__":
    sys.exit(main())
