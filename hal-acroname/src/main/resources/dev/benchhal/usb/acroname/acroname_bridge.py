#!/usr/bin/env python3
"""Bench HAL bridge to Acroname BrainStem hubs.

Our own code, shipped in the hal-acroname jar. It imports the BrainStem SDK the user installed (the
`brainstem` Python package from Acroname) and serves one JSON request per line on stdin, one JSON
answer per line on stdout (protocol 1, see dev.benchhal.bridge.JsonLineBridge). It exits when stdin
closes, so it never outlives the Java process that started it.
"""
import json
import os
import sys
import traceback

PROTOCOL = 1
_protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
sys.stdout = sys.stderr  # whatever the SDK prints goes to the Java log, never into the protocol

# BrainStem aErr codes (aError.h) the Java side tells apart
ERRORS = {2: "BAD_PARAM", 3: "NOT_FOUND", 5: "BUSY", 6: "IO", 13: "RANGE", 18: "TIMEOUT", 19: "INITIALIZATION",
          21: "UNSUPPORTED", 25: "DISCONNECTED", 26: "RANGE", 28: "UNSUPPORTED", 29: "UNSUPPORTED"}
MODELS = {"USBHub2x4": 4, "USBHub3p": 8, "USBHub3c": 8}


def emit(message):
    _protocol.write(json.dumps(message, separators=(",", ":")) + "\n")
    _protocol.flush()


class BridgeError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def check(result, what):
    """SDK calls return an error number, or a Result with .error and .value."""
    error = getattr(result, "error", result)
    if isinstance(error, int) and error != 0:
        raise BridgeError(ERRORS.get(error, "SDK_ERROR_%d" % error), "%s: BrainStem error %d" % (what, error))
    return getattr(result, "value", None)


class Session:
    def __init__(self, brainstem):
        self.brainstem = brainstem
        self.hub = None
        self.serial = None
        self.model = None

    def dispatch(self, op, request):
        handler = getattr(self, "op_" + op.replace(".", "_"), None) if isinstance(op, str) else None
        if handler is None:
            raise BridgeError("UNKNOWN_OP", "unknown operation %r" % (op,))
        return handler(request)

    def require_hub(self):
        if self.hub is None:
            raise BridgeError("NOT_CONNECTED", "connect first")
        return self.hub

    def op_ping(self, request):
        return {}

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

    def close_quietly(self):
        try:
            if self.hub is not None:
                self.hub.disconnect()
        except Exception:
            traceback.print_exc()


def main():
    python = "%d.%d.%d" % sys.version_info[:3]
    try:
        import brainstem
        import brainstem.discover
        import brainstem.link
        import brainstem.stem
    except ImportError as error:
        missing = getattr(error, "name", None) or str(error)
        emit({"ready": False, "error": "MISSING_PACKAGE", "package": missing,
              "message": "%s is not importable by %s (Python %s): install Acroname's BrainStem SDK for this "
                         "interpreter (python3 -m pip install brainstem), or point the acroname driver at one that "
                         "has it (option python or BENCHHAL_ACRONAME_PYTHON; option pythonPath for a directory)"
                         % (missing, sys.executable, python)})
        return 3
    emit({"ready": True, "protocol": PROTOCOL, "bridge": "acroname", "python": python,
          "brainstem": getattr(brainstem, "__version__", "unknown")})
    session = Session(brainstem)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError as error:
            emit({"id": None, "ok": False, "error": "BAD_REQUEST", "message": "not JSON: %s" % error})
            continue
        rid = request.get("id")
        try:
            emit({"id": rid, "ok": True, "result": session.dispatch(request.get("op"), request) or {}})
        except BridgeError as error:
            emit({"id": rid, "ok": False, "error": error.code, "message": str(error)})
        except KeyError as error:
            emit({"id": rid, "ok": False, "error": "BAD_REQUEST", "message": "missing parameter %s" % error})
        except Exception as error:
            traceback.print_exc()
            emit({"id": rid, "ok": False, "error": "SDK_EXCEPTION", "message": "%s: %s" % (type(error).__name__, error)})
    session.close_quietly()
    return 0


if __name__ == "__main__":
    sys.exit(main())
