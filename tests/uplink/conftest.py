"""Fixtures for the uplink tests: edgewamp processes started from the built
binary with a given config (each keeps its TCP port across restarts, so an
uplink can find its upstream again), and a TCP gate between an uplink and its
upstream that the test opens and closes, so it decides when the link may come
back (after its subscribers are in place).

Environment: EDGEWAMP_BIN (router executable, default the Release apphost).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "interop", "python"))

import wamp_client  # noqa: E402,F401  (selects asyncio for txaio)
import txaio  # noqa: E402
txaio.start_logging(level="warn")

DEFAULT_BIN = os.path.join(REPO, "src", "EdgeWamp.Host", "bin", "Release", "net10.0", "edgewamp")
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def anonymous_realm_config(port, unix_path, uplinks=None):
    # No board and no system metrics: the default sim board's own sessions would register gpio.led.* and publish
    # sensors.env.*, names these tests use for their own clients, and the tests count every sensors.*/system.* event.
    config = {
        "board": "none",
        "devices": {"system": {"enabled": False}},
        "realms": [{
            "name": "realm1",
            "roles": [{"name": "anonymous",
                       "permissions": [{"uri": "", "match": "prefix",
                                        "allow": ["call", "register", "publish", "subscribe"]}]}],
        }],
        "authentication": {"anonymous": [{"realm": "realm1", "role": "anonymous"}]},
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(port), "authMethods": ["anonymous"]},
            {"unix": unix_path, "authMethods": ["anonymous"]},
        ],
    }
    if uplinks:
        config["uplinks"] = uplinks
    return config


class RouterProcess:
    """One edgewamp process with a fixed port; ``host``/``port``/``unix_path``
    are what wamp_client.open_session connects to."""

    def __init__(self, name, workdir, make_config):
        self.name = name
        self.workdir = workdir
        self.binary = os.environ.get("EDGEWAMP_BIN", DEFAULT_BIN)
        self.host = "127.0.0.1"
        self.port = free_loopback_port()
        self.unix_path = os.path.join(workdir, name + ".sock")
        self.config_path = os.path.join(workdir, name + ".json")
        self.make_config = make_config
        self.env = {}  # extra environment variables for the process, e.g. SSL_CERT_FILE
        self.proc = None
        self.starts = 0

    def log_path(self, stream):
        return os.path.join(self.workdir, "{}-{}.{}".format(self.name, self.starts, stream))

    def output(self):
        parts = []
        for start in range(1, self.starts + 1):
            for stream in ("stdout", "stderr"):
                path = os.path.join(self.workdir, "{}-{}.{}".format(self.name, start, stream))
                if os.path.exists(path):
                    with open(path, "rb") as f:
                        text = f.read().decode("utf-8", "replace")
                    parts.append("--- {} start {} {} ---\n{}".format(self.name, start, stream, text[-4000:]))
        return "\n".join(parts)

    def start(self):
        self.starts += 1
        if os.path.exists(self.unix_path):
            os.unlink(self.unix_path)
        with open(self.config_path, "w") as f:
            json.dump(self.make_config(self), f, indent=2)
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", **self.env)
        with open(self.log_path("stdout"), "wb") as out, open(self.log_path("stderr"), "wb") as err:
            self.proc = subprocess.Popen([self.binary, "run", "--config", self.config_path],
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=self.workdir, env=env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("{} exited with code {} at start\n{}".format(self.name, self.proc.returncode, self.output()))
            if self._accepts(socket.AF_INET, (self.host, self.port)) and os.path.exists(self.unix_path) \
                    and self._accepts(socket.AF_UNIX, self.unix_path):
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("{} did not listen within {}s\n{}".format(self.name, START_TIMEOUT, self.output()))

    @staticmethod
    def _accepts(family, address):
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            try:
                s.connect(address)
                return True
            except OSError:
                return False

    def stop(self):
        """SIGTERM (a clean shutdown), SIGKILL if it hangs."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT)
            raise AssertionError("{} ignored SIGTERM for {}s".format(self.name, STOP_TIMEOUT))

    def kill(self):
        """SIGKILL: the router vanishes without a word, as on a power cut or a crash."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT)


class TcpGate:
    """A loopback TCP forwarder to ``target_port``. While closed it accepts
    and at once closes every connection, and closing it also cuts the open
    ones: to the uplink behind it, the upstream is unreachable."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.is_open = True
        self.lock = threading.Lock()
        self.sockets = []
        self.stopped = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                allowed = self.is_open
            if not allowed:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            # The 5 s were for connecting only: a pump must wait as long as the link stays quiet.
            upstream.settimeout(None)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        with self.lock:
            self.is_open = False
            sockets, self.sockets = self.sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def open(self):
        with self.lock:
            self.is_open = True

    def stop(self):
        self.stopped = True
        self.close()
        self.listener.close()


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="edgewamp-uplink-") as path:
        yield path


@pytest.fixture
def processes(request):
    """Every RouterProcess a test starts; stopped after it, output shown on failure."""
    started = []
    yield started
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for p in started:
        if failed:
            sys.stderr.write(p.output() + "\n")
        p.kill()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
