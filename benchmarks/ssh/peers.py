#!/usr/bin/env python3
"""The Python peers of hal-ssh, for SshPeersBenchmark: N sequential (or C concurrent) commands over
one connection, timed inside the process after connecting and a warm-up (the figure is per command).
Usage: peers.py asyncssh|paramiko HOST PORT USER KEY KNOWN_HOSTS N [CONCURRENCY]
With CONCURRENCY callers at once, at most 6 channels are open on the one connection: OpenSSH allows
10 sessions per connection, and paramiko's closing channels still count for a while (a refused
channel is tried again after 5 ms, as a user's code would).
Prints one line: the milliseconds per command. Needs Debian's python3-asyncssh / python3-paramiko.
"""
import sys
import time
import warnings

warnings.filterwarnings("ignore")
CHANNELS = 6


def with_asyncssh(host, port, user, key, known_hosts, n, concurrency):
    import asyncio
    import asyncssh

    async def main():
        async with asyncssh.connect(host, port=port, username=user, client_keys=[key],
                                    known_hosts=known_hosts) as conn:
            for _ in range(10):
                await conn.run("true", check=True)
            start = time.perf_counter()
            if concurrency <= 1:
                for _ in range(n):
                    await conn.run("true", check=True)
            else:
                sem = asyncio.Semaphore(min(concurrency, CHANNELS))

                async def one():
                    async with sem:
                        await conn.run("true", check=True)
                await asyncio.gather(*(one() for _ in range(n)))
            return (time.perf_counter() - start) / n

    return asyncio.get_event_loop().run_until_complete(main())


def with_paramiko(host, port, user, key, known_hosts, n, concurrency):
    import paramiko
    from concurrent.futures import ThreadPoolExecutor
    client = paramiko.SSHClient()
    client.load_host_keys(known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, port=port, username=user, key_filename=key, allow_agent=False, look_for_keys=False)

    def one(_=None):
        for attempt in range(200):  # the server refuses a channel while closing ones still count
            try:
                stdin, stdout, stderr = client.exec_command("true")
                break
            except paramiko.ssh_exception.SSHException:  # ChannelException among them
                time.sleep(0.005)
        else:
            raise SystemExit("no channel")
        status = stdout.channel.recv_exit_status()
        stdout.channel.close()  # else it stays open until collected, and the server's MaxSessions runs out
        if status != 0:
            raise SystemExit("true failed")

    for _ in range(10):
        one()
    start = time.perf_counter()
    if concurrency <= 1:
        for _ in range(n):
            one()
    else:
        with ThreadPoolExecutor(min(concurrency, CHANNELS)) as pool:
            list(pool.map(one, range(n)))
    took = (time.perf_counter() - start) / n
    client.close()
    return took


def main():
    peer, host, port, user, key, known_hosts, n = sys.argv[1:8]
    concurrency = int(sys.argv[8]) if len(sys.argv) > 8 else 1
    run = {"asyncssh": with_asyncssh, "paramiko": with_paramiko}[peer]
    print("%.3f" % (run(host, int(port), user, key, known_hosts, int(n), concurrency) * 1000))


if __name__ == "__main__":
    main()
