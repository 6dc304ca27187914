"""Fake pylin, written by the Bench HAL team for tests: LinBusManager, LinDevice22.send_message and
the transport layer's ld_put_raw, over the bus in pymumclient._bench. No Melexis code."""
from pymumclient import _bench

__version__ = "0.0-fake"


class LinTimeoutError(Exception):
    pass


class LinBusManager:
    def __init__(self, master):
        self.master = master

    def get_device(self, name):
        if name == "bus/transport_layer":
            return TransportLayer()
        raise ValueError("no bus device %r" % name)


class LinDevice22:
    def __init__(self, bus):
        self.bus = bus
        self._baudrate = 19200

    @property
    def baudrate(self):
        return self._baudrate

    @baudrate.setter
    def baudrate(self, value):
        if not 1000 <= value <= 20000:
            raise ValueError("baudrate %d out of range" % value)
        self._baudrate = value

    def send_message(self, master_to_slave, frame_id, data_length, data):
        _bench.before(frame_id)
        state = _bench.STATE
        if master_to_slave:
            state["received"].append((frame_id, list(data)))
            return None
        if not state["powered"] or state["asleep"]:
            raise LinTimeoutError("timeout: no response to 0x%02X (slaves silent)" % frame_id)
        if frame_id == 0x3D:
            response, state["pending"] = state["pending"], None
            if response is None:
                raise LinTimeoutError("timeout: no response to 0x3D")
            return bytes(response)
        response = state["slaves"].get(frame_id)
        if response is None:
            raise LinTimeoutError("timeout: no response to 0x%02X" % frame_id)
        return bytes(response[:data_length])


class TransportLayer:
    def ld_put_raw(self, data):
        state = _bench.STATE
        state["received"].append((0x3C, list(data)))
        if data[0] == 0x00:
            state["asleep"] = True
            return
        supplier, function, variant = _bench.PRODUCT
        if data[0] in (_bench.NAD, 0x7F) and data[2] == 0xB2 and data[3] == 0x00:
            state["pending"] = [_bench.NAD, 0x06, 0xF2, supplier & 0xFF, supplier >> 8, function & 0xFF,
                                function >> 8, variant]
