"""Bench HAL bridge protocol 1, shared by the drivers' bridge scripts (see dev.benchhal.bridge.JsonLineBridge).

Our own code, shipped in the hal-api jar and installed beside each driver's bridge script in a
directory only this user can write. A driver's script imports its vendor packages, hands a Session
to serve(), and serve() answers one JSON request per line on stdin with one JSON answer per line on
stdout until stdin closes, so a bridge never outlives the Java process that started it.
"""
import json
import os
import sys
import traceback

PROTOCOL = 1

# The protocol owns the original stdout; anything the vendor packages print goes to stderr, which
# the Java side logs line by line.
_protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
sys.stdout = sys.stderr


def emit(message):
    _protocol.write(json.dumps(message, separators=(",", ":")) + "\n")
    _protocol.flush()


class BridgeError(Exception):
    """An error the bridge names itself; the code reaches Java as BridgeCallException.code()."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Session:
    """What a bridge serves: the operation "a.b" is the method op_a_b(request)."""

    def dispatch(self, op, request):
        handler = getattr(self, "op_" + op.replace(".", "_"), None) if isinstance(op, str) else None
        if handler is None:
            raise BridgeError("UNKNOWN_OP", "unknown operation %r" % (op,))
        return handler(request)

    def op_ping(self, request):
        return {}

    def release(self):
        """Lets go of the device when stdin closes; errors are the driver's to report."""


def python_version():
    return "%d.%d.%d" % sys.version_info[:3]


def version_of(module):
    for attribute in ("__version__", "VERSION", "version"):
        value = getattr(module, attribute, None)
        if isinstance(value, str):
            return value
    return "unknown"


def refuse(import_error, advice):
    """Answers the handshake when a vendor package cannot be imported; returns the exit code."""
    missing = getattr(import_error, "name", None) or str(import_error)
    emit({"ready": False, "error": "MISSING_PACKAGE", "package": missing,
          "message": "%s is not importable by %s (Python %s): %s" % (missing, sys.executable, python_version(), advice)})
    return 3


def serve(session, hello, classify=None, unexpected="DEVICE_ERROR"):
    """Serves requests until stdin closes; returns the exit code.

    hello: what the handshake adds (the bridge's name, vendor package versions).
    classify: maps an exception of the vendor packages to an error code; None gives every one
    the code `unexpected`. Unexpected errors log their traceback, the others one line.
    """
    emit(dict({"ready": True, "protocol": PROTOCOL, "python": python_version()}, **hello))
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
            code = classify(error) if classify else unexpected
            if code == unexpected:
                traceback.print_exc()  # the whole story goes to the Java log
            else:
                print("%s: %s: %s" % (request.get("op"), type(error).__name__, error), file=sys.stderr)
            emit({"id": rid, "ok": False, "error": code, "message": "%s: %s" % (type(error).__name__, error)})
    try:
        session.release()
    except Exception:
        traceback.print_exc()
    return 0
