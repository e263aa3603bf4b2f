"""pytest fixtures: one edgewamp router for the whole run, started from the
built binary with a generated config (a free loopback TCP port and a Unix
socket in a temporary directory), checked after every test, stopped by PID.

Environment:
  EDGEWAMP_BIN            router executable (default: the Release apphost)
  EDGEWAMP_START_TIMEOUT  seconds to wait for the listeners (default 20)
  EDGEWAMP_INTEROP_DEBUG  set to 1 for autobahn debug logging (every frame)
"""

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import wamp_client  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_BIN = os.path.join(REPO, "src", "EdgeWamp.Host", "bin", "Release", "net10.0", "edgewamp")
START_TIMEOUT = float(os.environ.get("EDGEWAMP_START_TIMEOUT", "20"))
STOP_TIMEOUT = 10.0
OUTPUT_TAIL = 4000

# autobahn's own warnings (e.g. "WAMP Protocol Error (...) - aborting
# connection") go to stdout, which pytest captures and shows for a failed test.
import txaio  # noqa: E402
txaio.start_logging(level="debug" if os.environ.get("EDGEWAMP_INTEROP_DEBUG") == "1" else "warn")

# The config every test runs against: realm1 only, anonymous with full rights.
# Event history keeps the last EVENT_HISTORY events per subscription (test_retention_history.py);
# the anonymous role's trust level goes into every EVENT and INVOCATION it causes.
EVENT_HISTORY = 8
ANONYMOUS_TRUSTLEVEL = 1


def router_config(port, unix_path):
    return {
        # No board and no system metrics: the device sessions (router-internal, role "trusted") would be extra sessions in
        # realm1 that the meta API tests count and kill; test_devices.py and test_trusted_sessions.py cover them.
        "board": "none",
        "devices": {"system": {"enabled": False}},
        "realms": [{
            "name": "realm1",
            "eventHistory": EVENT_HISTORY,
            "roles": [{
                "name": "anonymous",
                "trustlevel": ANONYMOUS_TRUSTLEVEL,
                "permissions": [{"uri": "", "match": "prefix",
                                 "allow": ["call", "register", "publish", "subscribe"]}],
            }],
        }],
        "authentication": {"anonymous": [{"realm": "realm1", "role": "anonymous"}]},
        # Every serializer the clients use: UBJSON is not among a listener's defaults, so it is named.
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(port), "authMethods": ["anonymous"], "serializers": sorted(wamp_client.SERIALIZERS)},
            {"unix": unix_path, "authMethods": ["anonymous"], "serializers": sorted(wamp_client.SERIALIZERS)},
        ],
    }


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, start=0):
    try:
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read()
    except FileNotFoundError:
        return ""
    text = data.decode("utf-8", "replace")
    return text if len(text) <= OUTPUT_TAIL else "...\n" + text[-OUTPUT_TAIL:]


class Router:
    """One edgewamp process. ``host``/``port``/``unix_path`` are what clients
    connect to."""

    def __init__(self, binary, workdir, config_factory=None):
        self.binary = binary
        # (port, unix_path) -> config dict; test modules with their own router pass one (test_authentication.py).
        self.config_factory = config_factory or router_config
        self.workdir = workdir
        self.host = "127.0.0.1"
        self.unix_path = os.path.join(workdir, "edgewamp.sock")
        self.config_path = os.path.join(workdir, "config.json")
        self.proc = None
        self.starts = 0
        self.stderr_seen = 0

    # -- output -------------------------------------------------------------
    @property
    def stdout_path(self):
        return os.path.join(self.workdir, "router-{}.stdout".format(self.starts))

    @property
    def stderr_path(self):
        return os.path.join(self.workdir, "router-{}.stderr".format(self.starts))

    def output(self):
        return "router command: {} run --config {}\nconfig: {}\n--- stdout ---\n{}\n--- stderr ---\n{}".format(
            self.binary, self.config_path, json.dumps(self.config),
            _tail(self.stdout_path), _tail(self.stderr_path))

    def new_stderr(self):
        """stderr written since the last call."""
        try:
            size = os.path.getsize(self.stderr_path)
        except FileNotFoundError:
            return ""
        if size <= self.stderr_seen:
            return ""
        text = _tail(self.stderr_path, self.stderr_seen)
        self.stderr_seen = size
        return text

    # -- life cycle ---------------------------------------------------------
    def start(self):
        self.starts += 1
        self.stderr_seen = 0
        self.port = free_loopback_port()
        if os.path.exists(self.unix_path):
            os.unlink(self.unix_path)
        self.config = self.config_factory(self.port, self.unix_path)
        with open(self.config_path, "w") as f:
            json.dump(self.config, f, indent=2)
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [self.binary, "run", "--config", self.config_path],
                stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=self.workdir, env=env)
        self._wait_ready()

    def _accepts(self, family, address):
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            try:
                s.connect(address)
                return True
            except OSError:
                return False

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        tcp_ok = unix_ok = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("edgewamp exited with code {} before listening\n{}".format(
                    self.proc.returncode, self.output()))
            tcp_ok = tcp_ok or self._accepts(socket.AF_INET, (self.host, self.port))
            unix_ok = unix_ok or (os.path.exists(self.unix_path)
                                  and self._accepts(socket.AF_UNIX, self.unix_path))
            if tcp_ok and unix_ok:
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("edgewamp did not accept connections within {}s (tcp {}:{} ok={}, unix {} ok={})\n{}".format(
            START_TIMEOUT, self.host, self.port, tcp_ok, self.unix_path, unix_ok, self.output()))

    def stop(self):
        """SIGTERM, then SIGKILL after STOP_TIMEOUT. Returns a problem
        description, or None if it stopped cleanly."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return None if proc is None else "edgewamp had already exited with code {}".format(proc.returncode)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT)
            return "edgewamp (pid {}) ignored SIGTERM for {}s and was killed".format(proc.pid, STOP_TIMEOUT)
        return None

    def check_alive(self):
        """Problem description if the router died or wrote to stderr."""
        problems = []
        if self.proc is None or self.proc.poll() is not None:
            code = None if self.proc is None else self.proc.returncode
            problems.append("edgewamp exited (code {}) during the test".format(code))
        err = self.new_stderr()
        if err:
            problems.append("edgewamp wrote to stderr:\n" + err)
        return problems


@pytest.fixture(scope="session")
def router():
    binary = os.environ.get("EDGEWAMP_BIN", DEFAULT_BIN)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        pytest.exit("edgewamp binary not found or not executable: {} (build it with "
                    "`dotnet build src/EdgeWamp.Host -c Release` or set EDGEWAMP_BIN)".format(binary), returncode=3)
    workdir = tempfile.mkdtemp(prefix="edgewamp-interop-")
    r = Router(binary, workdir)
    try:
        r.start()
    except Exception:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    yield r
    problem = r.stop()
    leftover_stderr = r.new_stderr()
    output = r.output()
    shutil.rmtree(workdir, ignore_errors=True)
    if problem or leftover_stderr:
        pytest.fail("on shutdown: {}\n{}".format(problem or "stderr output", output), pytrace=False)


@pytest.fixture(autouse=True)
def router_health(request, router):
    """Restart the router if an earlier test killed it (so one crash does not
    fail everything after it), and fail the test during which the router died
    or wrote to stderr, with the router's output."""
    if router.proc is None or router.proc.poll() is not None:
        sys.stderr.write("\n[interop] edgewamp was not running before {}; restarting it\n".format(request.node.nodeid))
        router.stop()
        router.start()
    yield
    problems = router.check_alive()
    if problems:
        pytest.fail("\n".join(problems) + "\n" + router.output(), pytrace=False)


COMBOS = list(itertools.product(sorted(wamp_client.SERIALIZERS), wamp_client.TRANSPORTS))


@pytest.fixture(params=COMBOS, ids=["{}-{}".format(s, t) for s, t in COMBOS])
def clients(request, router):
    """A wamp_client.Clients factory for one serializer x transport combination."""
    serializer, transport = request.param
    return lambda: wamp_client.Clients(router, serializer, transport)
