"""sd_notify(3) as systemd's Type=notify and WatchdogSec= use it, against the
x64 Native AOT binary: the test is the service manager, with a NOTIFY_SOCKET
of its own."""

import os
import signal
import socket
import time

import wamp_client
from conftest import require_file
from edgewamp_process import (AOT_X64, START_TIMEOUT, Edgewamp, NotifySocket, accepts, free_loopback_port,
                              router_config)

WATCHDOG_USEC = 2_000_000   # WatchdogSec=2s: a ping is due every second
SHUTDOWN_BOUND = 12.0       # RunCommand.ShutdownTimeout (10 s) plus process exit


def test_ready_after_listeners_bound_watchdog_pings_then_sigterm_stopping_goodbye_exit_0(workdir, processes):
    require_file(AOT_X64, "the linux-x64 Native AOT binary")
    notify = NotifySocket(workdir)
    try:
        port = free_loopback_port()
        unix_path = os.path.join(workdir, "ew.sock")
        router = Edgewamp([AOT_X64], workdir, router_config([port], [unix_path]),
                          env={"NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": str(WATCHDOG_USEC)})
        processes.append(router)
        router.start()

        ready_at = notify.wait_for("READY=1", START_TIMEOUT)[0]
        # READY=1 means every listener is bound: both accept the moment it arrives.
        assert accepts(socket.AF_INET, ("127.0.0.1", port)), "READY=1 before the TCP listener accepts\n" + router.output()
        assert accepts(socket.AF_UNIX, unix_path), "READY=1 before the Unix listener accepts\n" + router.output()

        pings = notify.wait_for("WATCHDOG=1", 8.0, after=ready_at, count=4)
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        assert all(gap < WATCHDOG_USEC / 1e6 for gap in gaps), "watchdog pings further apart than WatchdogSec: {}".format(gaps)
        messages = notify.summary()
        assert [m for _, m in messages].count("READY=1") == 1, messages
        assert not [m for t, m in messages if m == "WATCHDOG=1" and t < ready_at - 0.001], \
            "WATCHDOG=1 before READY=1: {}".format(messages)
        router.wait_log("Watchdog: period 2000 ms")

        async def body():
            sessions = []
            try:
                session = await wamp_client.open_session(router, "cbor", "tcp", label="client", track=sessions)
                stop_sent = time.monotonic()
                router.signal(signal.SIGTERM)
                details = await wamp_client.wait(session.left, "GOODBYE from the router after SIGTERM")
                assert details.reason == "wamp.close.system_shutdown", details
                return stop_sent
            finally:
                await wamp_client.close_all(sessions)

        stop_sent = wamp_client.run(body())
        notify.wait_for("STOPPING=1", 10.0, after=stop_sent)
        code = router.wait_exit(SHUTDOWN_BOUND)
        assert code == 0, "exit code {} after SIGTERM\n{}".format(code, router.output())
        assert time.monotonic() - stop_sent < SHUTDOWN_BOUND
        assert router.stderr() == "", router.output()
    finally:
        notify.close()


def test_no_ready_when_a_listener_cannot_bind(workdir, processes):
    """READY=1 only after every listener is bound: with one port taken, the
    router exits non-zero and never says READY."""
    require_file(AOT_X64, "the linux-x64 Native AOT binary")
    notify = NotifySocket(workdir)
    taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        free_port, taken_port = free_loopback_port(), taken.getsockname()[1]
        router = Edgewamp([AOT_X64], workdir, router_config([free_port, taken_port]),
                          env={"NOTIFY_SOCKET": notify.path})
        processes.append(router)
        router.start()
        code = router.wait_exit(START_TIMEOUT)
        assert code != 0, "edgewamp started with a listener it could not bind\n" + router.output()
        assert "cannot listen on 127.0.0.1:{}".format(taken_port) in router.stderr(), router.output()
        assert "READY=1" not in [m for _, m in notify.summary()], notify.summary()
    finally:
        taken.close()
        notify.close()
