"""systemd/edgewamp.service and edgewamp.socket: `systemd-analyze verify`, and
the settings issue 8 asks for."""

import os
import shutil
import subprocess

import pytest

from conftest import require_file
from edgewamp_process import PACKAGES, REPO
from test_package import deb

UNITS = ("edgewamp.service", "edgewamp.socket")


def verify_root(tmp_path):
    """A file system root for `systemd-analyze verify --root`: the unpacked amd64 package (so ExecStart names a
    real binary), the host's own unit files (sysinit.target and the rest every unit depends on) and /bin/kill
    (ExecReload). systemd does not run as PID 1 in this container, so the units are verified offline."""
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", deb("amd64"), str(root)], check=True)
    shutil.copytree("/lib/systemd/system", root / "usr" / "lib" / "systemd" / "system", symlinks=True,
                    ignore=shutil.ignore_patterns("edgewamp.*"))
    (root / "bin").mkdir(exist_ok=True)
    shutil.copy2("/bin/kill", root / "bin" / "kill")
    return root


def verify(root):
    """systemd-analyze's exit status and everything it printed: it reports unknown keys and bad values as
    warnings with status 0, so anything printed counts as a failure."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is not installed (Debian package systemd)"
    result = subprocess.run([analyze, "verify", "--root", str(root)] + ["/lib/systemd/system/" + u for u in UNITS],
                            capture_output=True, text=True, timeout=120)
    return result.returncode, (result.stdout + result.stderr).strip()


def test_systemd_analyze_verify_passes(tmp_path):
    status, output = verify(verify_root(tmp_path))
    print("systemd-analyze verify --root (offline: systemd is not PID 1 here): status {}, output {!r}".format(status, output))
    assert status == 0 and output == "", output


def test_systemd_analyze_verify_catches_a_broken_unit(tmp_path):
    """The check above can fail: a misspelt key is reported."""
    root = verify_root(tmp_path)
    unit = root / "lib" / "systemd" / "system" / "edgewamp.service"
    unit.write_text(unit.read_text().replace("WatchdogSec=", "WatchdogSecs="))
    status, output = verify(root)
    assert "Unknown key 'WatchdogSecs'" in output, output


def settings(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", "[")) and "=" in line:
                key, value = line.split("=", 1)
                values.setdefault(key, []).append(value)
    return values


def test_service_is_notify_watchdog_dedicated_user_hardened_and_restarts_on_failure():
    s = settings(os.path.join(REPO, "systemd", "edgewamp.service"))
    expect = {
        "Type": ["notify"], "Restart": ["on-failure"], "User": ["edgewamp"], "Group": ["edgewamp"],
        "ProtectSystem": ["strict"], "NoNewPrivileges": ["yes"], "PrivateTmp": ["yes"],
        "RuntimeDirectory": ["edgewamp"], "SupplementaryGroups": ["gpio i2c dialout"],
        "ExecStart": ["/usr/bin/edgewamp run --config /etc/edgewamp/config.json"],
        "StandardOutput": ["journal"], "DevicePolicy": ["closed"],
    }
    for key, value in expect.items():
        assert s.get(key) == value, "{}={} (expected {})".format(key, s.get(key), value)
    assert s["WatchdogSec"] and s["WatchdogSec"][0].endswith("s")
    allowed = " ".join(s["DeviceAllow"])
    for device in ("char-gpiochip", "char-i2c", "char-ttyUSB", "char-ttyACM", "char-ttyS", "char-ttyAMA"):
        assert device in allowed, "DeviceAllow lacks {}: {}".format(device, allowed)


def test_socket_unit_listens_where_the_default_config_does_and_activates_the_service():
    s = settings(os.path.join(REPO, "systemd", "edgewamp.socket"))
    assert s["ListenStream"] == ["127.0.0.1:8080", "/run/edgewamp/edgewamp.sock"], s["ListenStream"]
    assert s["Service"] == ["edgewamp.service"]
    with open(os.path.join(REPO, "src", "EdgeWamp.Host", "Configuration", "default-config.json")) as f:
        import json
        listeners = json.load(f)["listeners"]
    assert {"tcp": "127.0.0.1:8080"}.items() <= listeners[0].items()
    assert listeners[1]["unix"] == "edgewamp.sock"   # RuntimeDirectory=edgewamp: /run/edgewamp/edgewamp.sock
