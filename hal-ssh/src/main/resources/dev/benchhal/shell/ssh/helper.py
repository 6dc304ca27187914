# Bench HAL's command helper: runs on the host, one per persistent SSH session, and runs the
# commands hal-ssh sends on its stdin, several at a time. Python 3.5+, standard library only.
# Requests, one line each, every variable part base64 ("-" for empty):
#   run ID TIMEOUT_MS MAX_BYTES CWD STDIN NENV ENV... ARGV...
#   cancel ID
# Answers, one line each: "ID done EXIT OUT ERR OUT_TRUNCATED ERR_TRUNCATED TIMED_OUT KILLED",
# "ID notfound" (no such program), "ID nocwd" (no such working directory), "ID error MESSAGE" (the
# helper itself failed).
# A command runs in a session of its own; a timeout or cancel freezes its process tree (the /proc
# parent links and its process group), then kills it. When hal-ssh goes (stdin ends, hang-up),
# every running command is killed and the helper exits.
import base64
import os
import selectors
import signal
import subprocess
import sys
import threading
import time

out_lock = threading.Lock()
procs = {}
procs_lock = threading.Lock()


def dec(s):
    return b"" if s == "-" else base64.b64decode(s)


def enc(b):
    return base64.b64encode(b).decode("ascii") if b else "-"


def send(line):
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def children():
    kids = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    stat = f.read()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                kids.setdefault(ppid, []).append(int(name))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def tree(root):
    if not os.path.isdir("/proc"):
        return {root}
    kids = children()
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(kids.get(pid, []))
    return found


def kill_tree(p):
    frozen = set()
    while True:  # freeze until nothing new appears: nothing forks away while the tree is listed
        new = tree(p.pid) - frozen
        if not new:
            break
        for pid in new:
            try:
                os.kill(pid, signal.SIGSTOP)
            except OSError:
                pass
        frozen |= new
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
    for pid in frozen:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return len(frozen)


def run(rid, timeout_ms, limit, cwd, data, env_pairs, argv):
    try:
        run_one(rid, timeout_ms, limit, cwd, data, env_pairs, argv)
    except Exception as e:  # never leave hal-ssh waiting: say what went wrong
        send("%s error %s" % (rid, enc(repr(e).encode("utf-8", "replace"))))


def run_one(rid, timeout_ms, limit, cwd, data, env_pairs, argv):
    if cwd and not os.path.isdir(cwd):
        send("%s nocwd" % rid)
        return
    env = None
    if env_pairs:
        env = dict(os.environb)
        for pair in env_pairs:
            key, _, value = pair.partition(b"=")
            env[key] = value
    try:
        p = subprocess.Popen(argv, cwd=cwd or None, env=env, stdin=subprocess.PIPE if data else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except (OSError, ValueError):
        send("%s notfound" % rid)
        return
    with procs_lock:
        procs[rid] = p
    # one thread per command: its output, its input and its deadline in one loop
    fds = (p.stdout.fileno(), p.stderr.fileno())
    kept = {fds[0]: bytearray(), fds[1]: bytearray()}
    truncated = {fds[0]: 0, fds[1]: 0}
    sel = selectors.DefaultSelector()
    sel.register(fds[0], selectors.EVENT_READ)
    sel.register(fds[1], selectors.EVENT_READ)
    pending = memoryview(data)
    stdin_fd = p.stdin.fileno() if data else -1
    if data:
        os.set_blocking(stdin_fd, False)
        sel.register(stdin_fd, selectors.EVENT_WRITE)
    deadline = time.monotonic() + timeout_ms / 1000.0
    timed_out, killed = 0, 0
    while sel.get_map():
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out, killed = 1, kill_tree(p)
            break
        for key, _ in sel.select(left):
            fd = key.fd
            if fd == stdin_fd:
                try:
                    pending = pending[os.write(fd, pending[:65536]):]
                except OSError:
                    pending = pending[:0]
                if not pending:
                    sel.unregister(fd)
                    p.stdin.close()
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                sel.unregister(fd)
                continue
            room = limit - len(kept[fd])
            if room > 0:
                kept[fd] += chunk[:room]
            if len(chunk) > room:
                truncated[fd] = 1
    sel.close()
    p.wait()
    for stream in (p.stdin, p.stdout, p.stderr):
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass
    with procs_lock:
        procs.pop(rid, None)
        cancelled = getattr(p, "benchhal_killed", None)
    if cancelled is not None:
        timed_out, killed = 1, cancelled
    code = p.returncode if p.returncode >= 0 else 128 - p.returncode
    send("%s done %d %s %s %d %d %d %d" % (rid, code, enc(bytes(kept[fds[0]])), enc(bytes(kept[fds[1]])),
                                           truncated[fds[0]], truncated[fds[1]], timed_out, killed))


def cancel(rid):
    with procs_lock:
        p = procs.get(rid)
    if p is not None:
        p.benchhal_killed = kill_tree(p)


def end(*_):
    with procs_lock:
        running = list(procs.values())
    for p in running:
        kill_tree(p)
    os._exit(0)


def main():
    signal.signal(signal.SIGHUP, end)
    signal.signal(signal.SIGTERM, end)
    send("benchhal-helper 1 %d" % os.getpid())
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "run":
            rid, timeout_ms, limit = words[1], int(words[2]), int(words[3])
            cwd = dec(words[4]).decode("utf-8", "surrogateescape")
            data = dec(words[5])
            n = int(words[6])
            env_pairs = [dec(w) for w in words[7:7 + n]]
            argv = [dec(w) for w in words[7 + n:]]
            t = threading.Thread(target=run, args=(rid, timeout_ms, limit, cwd, data, env_pairs, argv))
            t.daemon = True
            t.start()
        elif words[0] == "cancel":
            cancel(words[1])
    end()


main()
