"""Helpers for the deployment tests: start an edgewamp binary with a config of
the test's own, read its log, receive its sd_notify messages, stop it by PID.

Every wait is bounded; every process a test starts is stopped by the test
(SIGTERM, then SIGKILL) even when the test fails.
"""

import json
import os
import signal
import socket
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
INTEROP = os.path.join(REPO, "tests", "interop", "python")
PUBLISH = os.path.join(REPO, "artifacts", "publish")
PACKAGES = os.path.join(REPO, "artifacts", "packages")

# The published Native AOT binaries (scripts/build.sh); overridable for a run against other builds.
AOT_X64 = os.environ.get("EDGEWAMP_AOT_X64", os.path.join(PUBLISH, "linux-x64", "edgewamp"))
AOT_ARM64 = os.environ.get("EDGEWAMP_AOT_ARM64", os.path.join(PUBLISH, "linux-arm64", "edgewamp"))
# Debian's qemu-user, with the arm64 dynamic loader and libc of crossbuild-essential-arm64 (libc6-arm64-cross).
QEMU_AARCH64 = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"]

START_TIMEOUT = 30.0   # qemu starts the arm64 binary in well under that
STOP_TIMEOUT = 15.0    # edgewamp bounds its shutdown at 10 s (RunCommand.ShutdownTimeout)


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def router_config(tcp_ports, unix_paths=(), realms=("realm1",), limits=None):
    """A config with every realm open to anonymous clients with every right."""
    config = {
        "realms": [{
            "name": realm,
            "roles": [{"name": "anonymous",
                       "permissions": [{"uri": "", "match": "prefix",
                                        "allow": ["call", "register", "publish", "subscribe"]}]}],
        } for realm in realms],
        "authentication": {"anonymous": [{"realm": realm, "role": "anonymous"} for realm in realms]},
        "listeners": [{"tcp": "127.0.0.1:{}".format(port), "authMethods": ["anonymous"]} for port in tcp_ports]
                     + [{"unix": path, "authMethods": ["anonymous"]} for path in unix_paths],
    }
    if limits is not None:
        config["limits"] = limits
    return config


def accepts(family, address, timeout=1.0):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        try:
            s.connect(address)
            return True
        except OSError:
            return False


class NotifySocket:
    """The service manager's end of sd_notify(3): a Unix datagram socket whose
    path goes into NOTIFY_SOCKET. Records (monotonic time, message) pairs."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.1)
        self.messages = []
        self._changed = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self):
        while not self._stop:
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            now = time.monotonic()
            with self._changed:
                # One datagram may carry several newline-separated assignments.
                for line in data.decode("utf-8", "replace").split("\n"):
                    if line:
                        self.messages.append((now, line))
                self._changed.notify_all()

    def wait_for(self, message, timeout, after=0.0, count=1):
        """The times of the first `count` occurrences of `message` received
        after monotonic time `after`; raises AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                times = [t for t, m in self.messages if m == message and t >= after]
                if len(times) >= count:
                    return times[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no {} x {!r} on NOTIFY_SOCKET within {}s; received {}".format(
                        count, message, timeout, self.summary()))
                self._changed.wait(left)

    def summary(self):
        with self._changed:
            return [(round(t, 3), m) for t, m in self.messages]

    def close(self):
        self._stop = True
        self._thread.join(timeout=2)
        self.sock.close()


class Edgewamp:
    """One edgewamp process run from `command` (a list: the binary, or qemu and
    the binary) with `config` written to a file in `workdir`.

    Attributes for wamp_client.open_session: host, port, unix_path."""

    def __init__(self, command, workdir, config, env=None, name="edgewamp"):
        self.command = list(command)
        self.workdir = workdir
        self.config_path = os.path.join(workdir, name + ".json")
        self.log_path = os.path.join(workdir, name + ".log")
        self.err_path = os.path.join(workdir, name + ".err")
        self.env = dict(os.environ)
        for key in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID",
                    "LISTEN_FDNAMES", "JOURNAL_STREAM"):
            self.env.pop(key, None)
        self.env.update(env or {})
        self.host = "127.0.0.1"
        self.write_config(config)
        self.proc = None
        self.started_at = None

    def write_config(self, config):
        """Writes `config` (a dict, or text for a broken file) where edgewamp reads it. A dict's first TCP and
        Unix listeners become what clients connect to; text leaves them as they were."""
        self.config = config
        if isinstance(config, dict) and "listeners" in config:
            tcp = [l["tcp"] for l in config["listeners"] if "tcp" in l]
            unix = [l["unix"] for l in config["listeners"] if "unix" in l]
            self.port = int(tcp[0].rsplit(":", 1)[1]) if tcp else None
            self.unix_path = unix[0] if unix else None
        text = config if isinstance(config, str) else json.dumps(config, indent=2)
        with open(self.config_path, "w") as f:
            f.write(text)

    def start(self, argv_prefix=None, pass_fds=()):
        args = (argv_prefix or []) + self.command + ["run", "--config", self.config_path]
        with open(self.log_path, "wb") as out, open(self.err_path, "wb") as err:
            self.started_at = time.monotonic()
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                         cwd=self.workdir, env=self.env, pass_fds=pass_fds)
        return self

    def wait_listening(self, timeout=START_TIMEOUT):
        """Waits until the first TCP listener accepts; raises with the log if it does not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_running("before listening")
            if accepts(socket.AF_INET, (self.host, self.port)):
                return
            time.sleep(0.05)
        raise AssertionError("edgewamp did not accept on {}:{} within {}s\n{}".format(
            self.host, self.port, timeout, self.output()))

    def assert_running(self, when=""):
        if self.proc.poll() is not None:
            raise AssertionError("edgewamp exited with code {} {}\n{}".format(
                self.proc.returncode, when, self.output()))

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stderr(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_log(self, text, timeout=10.0, count=1):
        """Waits until `text` appears `count` times in the log; returns the log."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.log()
            if log.count(text) >= count:
                return log
            if time.monotonic() > deadline:
                raise AssertionError("{!r} not in the log (x{}) within {}s\n{}".format(text, count, timeout, self.output()))
            time.sleep(0.05)

    def output(self):
        return "command: {}\n--- stdout ---\n{}\n--- stderr ---\n{}".format(
            " ".join(self.command), self.log()[-6000:], self.stderr()[-3000:])

    def signal(self, signum):
        self.proc.send_signal(signum)

    def wait_exit(self, timeout):
        """The exit code, or AssertionError (and SIGKILL) if it does not exit within `timeout`."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
            raise AssertionError("edgewamp did not exit within {}s of SIGTERM; killed\n{}".format(
                timeout, self.output())) from None

    def stop(self):
        """SIGTERM then SIGKILL; safe to call twice. Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return self.proc.returncode
