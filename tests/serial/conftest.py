"""pytest fixtures for the serial suite: one edgewamp router (the real binary)
with a TCP listener and three serial listeners on paths in a temporary
directory (rawsocket, cobs, line). The devices are pseudo-terminals the tests
plug in at those paths; the router opens each when it appears. Stopped by PID.

Environment: EDGEWAMP_BIN (router executable), EDGEWAMP_START_TIMEOUT.
"""

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
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "interop", "python"))

import wamp_client  # noqa: E402,F401  (autobahn with the asyncio RawSocket fix)

DEFAULT_BIN = os.path.join(REPO, "src", "EdgeWamp.Host", "bin", "Release", "net10.0", "edgewamp")
START_TIMEOUT = float(os.environ.get("EDGEWAMP_START_TIMEOUT", "20"))
PING_INTERVAL_MS = 300
PING_TIMEOUT_MS = 600


def router_config(port, paths):
    anonymous = ["anonymous"]
    return {
        "realms": [{"name": "realm1", "roles": [{"name": "anonymous", "permissions": [
            {"uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"]}]}]}],
        "authentication": {"anonymous": [{"realm": "realm1", "role": "anonymous"}]},
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(port), "authMethods": anonymous},
            {"serial": paths["rawsocket"], "baud": 115200, "framing": "rawsocket", "authMethods": anonymous,
             "pingIntervalMs": PING_INTERVAL_MS, "pingTimeoutMs": PING_TIMEOUT_MS},
            {"serial": paths["cobs"], "baud": 1000000, "framing": "cobs", "dataBits": 8, "parity": "none",
             "stopBits": 1, "flowControl": "none", "authMethods": anonymous, "serializers": ["json", "cbor"]},
            {"serial": paths["line"], "baud": 9600, "framing": "line", "authMethods": anonymous,
             "line": {
                 "realm": "realm1",
                 "writeProcedure": "devices.weather.write",
                 "lineEnding": "\r\n",
                 "rules": [
                     {"format": "nmea", "topic": "sensors.gps"},
                     {"format": "regex", "topic": "sensors.weather",
                      "pattern": "^P:(?<pressure>[0-9.]+)hPa W:(?<wind>[0-9]+)kn$",
                      "fields": [
                          {"key": "pressure", "unit": "Pa", "scale": 100},
                          {"key": "wind", "quantity": "wind_speed", "unit": "m/s", "scale": 0.5144444444444445},
                      ]},
                     {"format": "keyvalue", "topic": "sensors.weather",
                      "fields": [
                          {"key": "temp", "quantity": "temperature", "unit": "K", "offset": 273.15},
                          {"key": "hum", "quantity": "humidity", "unit": "%"},
                          {"key": "count", "type": "integer"},
                          {"key": "door", "type": "boolean"},
                      ]},
                 ]}},
        ],
    }


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Router:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.host = "127.0.0.1"
        self.unix_path = None
        self.paths = {name: os.path.join(workdir, "tty" + name.upper()) for name in ("rawsocket", "cobs", "line")}
        self.config_path = os.path.join(workdir, "config.json")
        self.log_path = os.path.join(workdir, "router.log")
        self.proc = None

    def start(self):
        self.port = free_loopback_port()
        with open(self.config_path, "w") as f:
            json.dump(router_config(self.port, self.paths), f, indent=2)
        env = dict(os.environ, EDGEWAMP_LOG_LEVEL="Debug")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([self.binary, "run", "--config", self.config_path],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                         cwd=self.workdir, env=env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("edgewamp exited with code {}\n{}".format(self.proc.returncode, self.output()))
            with socket.socket() as s:
                s.settimeout(0.5)
                if s.connect_ex((self.host, self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("edgewamp did not listen within {}s\n{}".format(START_TIMEOUT, self.output()))

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""
        return text[-6000:]

    def log_contains(self, text):
        return text in self.output()

    def stop(self):
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def router():
    binary = os.environ.get("EDGEWAMP_BIN", DEFAULT_BIN)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        pytest.exit("edgewamp binary not found: {}".format(binary), returncode=3)
    workdir = tempfile.mkdtemp(prefix="edgewamp-serial-")
    r = Router(binary, workdir)
    r.start()
    yield r
    r.stop()
    log = r.output()
    shutil.rmtree(workdir, ignore_errors=True)
    if " fail: " in log or "crit:" in log:
        pytest.fail("the router logged errors:\n" + log, pytrace=False)


@pytest.fixture(autouse=True)
def router_alive(router):
    yield
    if router.proc is None or router.proc.poll() is not None:
        pytest.fail("edgewamp died during the test\n" + router.output(), pytrace=False)
