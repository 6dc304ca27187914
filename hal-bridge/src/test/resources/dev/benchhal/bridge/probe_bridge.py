#!/usr/bin/env python3
"""A bridge for the tests of benchhal_bridge: operations that succeed, print, and fail in each way."""
import os
import sys

from benchhal_bridge import BridgeError, Session, refuse, serve


class ProbeSession(Session):
    def op_echo(self, request):
        return {"text": request["text"], "where": os.path.dirname(os.path.abspath(__file__))}

    def op_chatter(self, request):
        print("noise from the vendor package")  # must reach stderr, never the protocol
        return {"quiet": True}

    def op_refuse(self, request):
        raise BridgeError("BUSY", "the device is busy")

    def op_silent_slave(self, request):
        raise TimeoutError("no response from slave 0x11")

    def op_crash(self, request):
        raise RuntimeError("the SDK fell over")

    def release(self):
        print("released the probe", file=sys.stderr)


def classify(error):
    return "NO_RESPONSE" if isinstance(error, TimeoutError) else "DEVICE_ERROR"


def main():
    if os.environ.get("PROBE_SDK_MISSING"):
        try:
            import benchhal_probe_sdk_that_is_not_installed  # noqa: F401
        except ImportError as error:
            return refuse(error, "install the probe SDK")
    return serve(ProbeSession(), {"bridge": "probe"}, classify=classify)


if __name__ == "__main__":
    sys.exit(main())
