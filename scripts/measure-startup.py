#!/usr/bin/python3
"""Measure the Native AOT binary as a service would see it: time from exec to READY=1 (sd_notify, every
listener bound) and the resident memory once idle.

    /usr/bin/python3 scripts/measure-startup.py [--runs N] [--idle SECONDS] [--qemu] BINARY

Each run starts BINARY with a generated config (realm1; RawSocket on a free loopback TCP port and a Unix socket)
and a NOTIFY_SOCKET of its own, times READY=1 from just before exec, waits --idle seconds with no client, reads
VmRSS (and the peak, VmHWM) from /proc/PID/status, then stops it with SIGTERM and checks it exits 0.
--qemu runs it under qemu-aarch64 -L /usr/aarch64-linux-gnu: those numbers include the emulator and are not
a board's. Prints a Markdown table of the median, minimum and maximum.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid, field):
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError("no {} in /proc/{}/status".format(field, pid))


def one_run(command, idle):
    with tempfile.TemporaryDirectory(prefix="ew-measure-") as workdir:
        notify_path = os.path.join(workdir, "notify")
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        notify.settimeout(60)
        config = {
            "realms": [{"name": "realm1", "roles": [{"name": "anonymous", "permissions": [
                {"uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"]}]}]}],
            "authentication": {"anonymous": [{"realm": "realm1", "role": "anonymous"}]},
            "listeners": [{"tcp": "127.0.0.1:{}".format(free_port()), "authMethods": ["anonymous"]},
                          {"unix": os.path.join(workdir, "ew.sock"), "authMethods": ["anonymous"]}],
        }
        config_path = os.path.join(workdir, "config.json")
        with open(config_path, "w") as f:
            json.dump(config, f)
        env = {k: v for k, v in os.environ.items() if k not in ("WATCHDOG_USEC", "LISTEN_FDS", "LISTEN_PID", "JOURNAL_STREAM")}
        env["NOTIFY_SOCKET"] = notify_path
        started = time.monotonic()
        proc = subprocess.Popen(command + ["run", "--config", config_path], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        try:
            while True:
                message = notify.recv(4096).decode()
                if "READY=1" in message.split("\n"):
                    ready_ms = (time.monotonic() - started) * 1000
                    break
            time.sleep(idle)
            rss, hwm = status_kib(proc.pid, "VmRSS"), status_kib(proc.pid, "VmHWM")
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=20)
            notify.close()
        if code != 0:
            raise RuntimeError("exit code {} after SIGTERM: {}".format(code, proc.stderr.read().decode()))
        return ready_ms, rss, hwm


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--qemu", action="store_true")
    args = parser.parse_args()
    command = (["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"] if args.qemu else []) + [os.path.abspath(args.binary)]
    results = [one_run(command, args.idle) for _ in range(args.runs)]
    print("| {} ({} runs, idle {} s) | median | min | max |".format(" ".join(command), args.runs, args.idle))
    print("|---|---:|---:|---:|")
    for name, index, unit in (("start to READY=1", 0, "ms"), ("idle RSS (VmRSS)", 1, "KiB"), ("peak RSS (VmHWM)", 2, "KiB")):
        values = [r[index] for r in results]
        print("| {} | {:.0f} {} | {:.0f} {} | {:.0f} {} |".format(
            name, statistics.median(values), unit, min(values), unit, max(values), unit))


if __name__ == "__main__":
    main()
