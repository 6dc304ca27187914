"""The simulated bus behind the fake pymumclient and pylin."""
import os
import time

MODE = "normal"
TRIGGER_ID = -1
NAD = 0x10
PRODUCT = (0x0013, 0x0A1D, 1)

STATE = {
    "powered": False,
    "asleep": False,
    "closed": False,
    "wakeups": 0,
    "pending": None,
    # frame id -> the slave's response
    "slaves": {0x11: [0x10, 0x00, 0x00, 0x00], 0x12: [1, 2, 3, 4, 5, 6, 7, 8]},
    "received": [],
}


def configure(host):
    global MODE, TRIGGER_ID
    name = host.split(".")[0]
    if "-" in name:
        MODE, trigger = name.split("-", 1)
        TRIGGER_ID = int(trigger, 16)
    else:
        MODE = name if host.endswith(".fake") else "normal"


def before(frame_id):
    """Misbehaves as the host name asked."""
    if frame_id != TRIGGER_ID:
        return
    if MODE == "crash":
        os._exit(9)
    if MODE == "garbage":
        os.write(1, b"*** vendor library debug output ***\n")
    if MODE == "slow":
        time.sleep(2)
