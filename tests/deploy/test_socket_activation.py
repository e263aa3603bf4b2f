"""Socket activation (edgewamp.socket): listening sockets passed as
LISTEN_FDS/LISTEN_PID from fd 3 on, as systemd passes them, serve the
listeners configured with the same address."""

import os
import signal
import socket
import subprocess

import wamp_client
from conftest import require_file
from edgewamp_process import AOT_X64, Edgewamp, free_loopback_port, router_config


def test_passed_sockets_serve_the_matching_listeners(workdir, processes):
    require_file(AOT_X64, "the linux-x64 Native AOT binary")
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stray = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    unix_path = os.path.join(workdir, "activated.sock")
    try:
        # What systemd does for ListenStream= lines: bind and listen before the service starts. No SO_REUSEADDR,
        # so the router could not bind this port itself while the test holds it.
        tcp.bind(("127.0.0.1", 0))
        tcp.listen(16)
        unix.bind(unix_path)
        unix.listen(16)
        stray.bind(("127.0.0.1", 0))
        stray.listen(1)
        port, stray_port = tcp.getsockname()[1], stray.getsockname()[1]
        own_port = free_loopback_port()

        router = Edgewamp([AOT_X64], workdir, router_config([port, own_port], [unix_path]))
        processes.append(router)
        # fds 3, 4, 5 as the passed sockets, and LISTEN_PID = the PID edgewamp will have (exec keeps the shell's).
        script = ('exec 3<&{} 4<&{} 5<&{}; LISTEN_FDS=3 LISTEN_PID=$$ exec "$@"'
                  .format(tcp.fileno(), unix.fileno(), stray.fileno()))
        router.start(argv_prefix=["/bin/bash", "-c", script, "bash"], pass_fds=(tcp.fileno(), unix.fileno(), stray.fileno()))
        # (Waiting for the port to accept would prove nothing: the test's own socket queues connections.)
        log = router.wait_log("Application started")
        assert "Listener tcp://127.0.0.1:{} uses the socket passed by the service manager".format(port) in log, router.output()
        assert "Listener unix:{} uses the socket passed by the service manager".format(unix_path) in log, router.output()
        assert "The socket tcp://127.0.0.1:{} passed by the service manager matches no listener".format(stray_port) in log, \
            router.output()
        # The listener with no passed socket bound its own address.
        assert "Listening for WAMP RawSocket on tcp://127.0.0.1:{}".format(own_port) in log, router.output()

        async def body():
            sessions = []
            try:
                callee = await wamp_client.open_session(router, "cbor", "tcp", label="callee", track=sessions)
                caller = await wamp_client.open_session(router, "json", "unix", label="caller", track=sessions)
                uri = wamp_client.unique_uri("com.example.activated")
                await wamp_client.wait(callee.register(lambda x: x * 2, uri), "REGISTERED")
                assert await wamp_client.wait(caller.call(uri, 21), "RESULT") == 42
            finally:
                await wamp_client.close_all(sessions)

        wamp_client.run(body())
        router.signal(signal.SIGTERM)
        assert router.wait_exit(15.0) == 0, router.output()
        # The socket file belongs to whoever created it (systemd's socket unit): edgewamp leaves it.
        assert os.path.exists(unix_path), "edgewamp deleted the socket file it was passed"
        assert router.stderr() == "", router.output()
    finally:
        for s in (tcp, unix, stray):
            s.close()
