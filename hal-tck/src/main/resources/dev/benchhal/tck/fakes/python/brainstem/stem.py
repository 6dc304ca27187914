import fcntl
import json
import os

# serial -> (model code, port count)
HUBS = {0xBFABDDC4: (19, 8), 0xE2C9BFA6: (17, 4), 0x00C0FFEE: (19, 8), 0x0000BEEF: (19, 8)}
# hubs whose port state outlives the process, as hardware does (for bridges that run once per operation)
PERSISTENT = {0x0000BEEF}


# state and locks live beside the fake packages, in the build's own directory: two builds that run at
# once (two checkouts) never share them, as they did in a fixed /tmp path
STATE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".state")


def _state_path(name):
    os.makedirs(STATE_DIR, exist_ok=True)
    return os.path.join(STATE_DIR, name)


def _state_file(serial):
    return _state_path("fake-brainstem-%08X.json" % serial)


def unplugged(serial):
    """A hub is unplugged while .state/unplugged-SERIAL exists (a test's handle: LabHostContainer.unplugHub)."""
    return os.path.exists(os.path.join(STATE_DIR, "unplugged-%08X" % serial))


def _save(hub):
    if hub.serial in PERSISTENT:
        with open(_state_file(hub.serial), "w") as f:
            json.dump(hub.ports, f)
ATTACHED = {0xBFABDDC4: {0, 1}}

NO_ERROR, PARAM, NOT_FOUND, BUSY, CONNECTION, INDEX_RANGE = 0, 2, 3, 5, 25, 26


class Result:
    def __init__(self, error, value):
        self.error = error
        self.value = value


class _Usb:
    def __init__(self, hub):
        self.hub = hub

    def _port(self, port):
        return self.hub.ports[port] if 0 <= port < len(self.hub.ports) else None

    def _set(self, port, **bits):
        state = self._port(port)
        if state is None or not self.hub.connected:
            return INDEX_RANGE if self.hub.connected else CONNECTION
        state.update(bits)
        _save(self.hub)
        return NO_ERROR

    def setPortEnable(self, port):
        return self._set(port, vbus=True, usb2=True, usb3=True)

    def setPortDisable(self, port):
        return self._set(port, vbus=False, usb2=False, usb3=False)

    def setPowerEnable(self, port):
        return self._set(port, vbus=True)

    def setPowerDisable(self, port):
        return self._set(port, vbus=False)

    def setHiSpeedDataEnable(self, port):
        return self._set(port, usb2=True)

    def setHiSpeedDataDisable(self, port):
        return self._set(port, usb2=False)

    def setSuperSpeedDataEnable(self, port):
        return self._set(port, usb3=True)

    def setSuperSpeedDataDisable(self, port):
        return self._set(port, usb3=False)

    def getPortState(self, port):
        if self.hub.serial == 0x00C0FFEE and port == 5:
            os._exit(9)
        state = self._port(port)
        if state is None:
            return Result(INDEX_RANGE, 0)
        bits = (1 if state["vbus"] else 0) | (2 if state["usb2"] else 0) | (8 if state["usb3"] else 0)
        if state["vbus"] and port in ATTACHED.get(self.hub.serial, ()):
            bits |= 1 << 23
        return Result(NO_ERROR, bits)

    def getPortVoltage(self, port):
        state = self._port(port)
        if state is None:
            return Result(INDEX_RANGE, 0)
        return Result(NO_ERROR, 5_050_000 if state["vbus"] else 12_000)

    def getPortCurrent(self, port):
        state = self._port(port)
        if state is None:
            return Result(INDEX_RANGE, 0)
        attached = port in ATTACHED.get(self.hub.serial, ())
        return Result(NO_ERROR, 120_000 if state["vbus"] and attached else 0)

    def setPortCurrentLimit(self, port, microamps):
        state = self._port(port)
        if state is None:
            return INDEX_RANGE
        if not 0 <= microamps <= 3_000_000:
            return PARAM
        state["limit"] = microamps
        _save(self.hub)
        return NO_ERROR

    def getPortCurrentLimit(self, port):
        state = self._port(port)
        if state is None:
            return Result(INDEX_RANGE, 0)
        return Result(NO_ERROR, state["limit"])


class _System:
    def __init__(self, hub):
        self.hub = hub

    def reset(self):
        self.hub.resets += 1
        return CONNECTION  # the real hub drops the link while it reboots

    def getVersion(self):
        return Result(NO_ERROR, "2.11.0-fake")


class _Hub:
    MODEL = 0

    def __init__(self):
        self.usb = _Usb(self)
        self.system = _System(self)
        self.connected = False
        self.serial = None
        self.ports = []
        self.resets = 0
        self._lock = None

    def discoverAndConnect(self, transport, serial):
        hub = HUBS.get(serial)
        if hub is None or hub[0] != self.MODEL or unplugged(serial):
            return NOT_FOUND
        lock = open(_state_path("fake-brainstem-%08X.lock" % serial), "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            return BUSY
        self._lock = lock
        self.serial = serial
        if not self.ports and serial in PERSISTENT and os.path.exists(_state_file(serial)):
            with open(_state_file(serial)) as f:
                self.ports = json.load(f)
        if not self.ports:
            self.ports = [{"vbus": True, "usb2": True, "usb3": True, "limit": 2_000_000} for _ in range(hub[1])]
        self.connected = True
        return NO_ERROR

    def disconnect(self):
        self.connected = False
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        return NO_ERROR


class USBHub3p(_Hub):
    MODEL = 19


class USBHub2x4(_Hub):
    MODEL = 17


class USBHub3c(_Hub):
    MODEL = 24
