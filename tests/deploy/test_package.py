"""The .deb packages scripts/package.sh builds, inspected with dpkg-deb -I
(control, conffiles, maintainer scripts) and -c (files), and unpacked."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import require_file
from edgewamp_process import AOT_X64, PACKAGES, QEMU_AARCH64, REPO

ARCHES = {"arm64": ("linux-arm64", 183), "amd64": ("linux-x64", 62)}   # ELF e_machine: AArch64, x86-64


def version():
    with open(os.path.join(REPO, "Directory.Build.props")) as f:
        return re.search(r"<Version>([^<]+)</Version>", f.read()).group(1)


def deb(arch):
    path = os.path.join(PACKAGES, "edgewamp_{}_{}.deb".format(version(), arch))
    require_file(path, "the {} package".format(arch))
    return path


def dpkg_deb(*args):
    return subprocess.run(["dpkg-deb"] + list(args), check=True, capture_output=True, text=True).stdout


def control_fields(path):
    fields = {}
    for line in dpkg_deb("-f", path).splitlines():
        if line and not line.startswith(" ") and ":" in line:
            key, value = line.split(":", 1)
            fields[key] = value.strip()
    return fields


@pytest.mark.parametrize("arch", sorted(ARCHES))
def test_control_declares_package_architecture_and_dependencies(arch):
    path = deb(arch)
    fields = control_fields(path)
    assert fields["Package"] == "edgewamp", fields
    assert fields["Version"] == version(), fields
    assert fields["Architecture"] == arch, fields
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert any(re.fullmatch(r"libc6 \(>= 2\.\d+\)", d) for d in depends), depends
    assert "adduser" in depends, "postinst runs adduser: {}".format(depends)
    assert "libgpiod2" in fields.get("Recommends", ""), fields
    # Every maintainer script is there, executable, and listed by dpkg-deb -I.
    info = dpkg_deb("-I", path)
    for script in ("postinst", "prerm", "postrm", "conffiles"):
        assert re.search(r"\b{}\b".format(script), info), "{} missing:\n{}".format(script, info)


@pytest.mark.parametrize("arch", sorted(ARCHES))
def test_files_conffile_and_unit_are_where_debian_expects(arch):
    path = deb(arch)
    listing = dpkg_deb("-c", path)
    entries = {}
    for line in listing.splitlines():
        parts = line.split(None, 5)
        entries[parts[5].split(" -> ")[0]] = (parts[0], parts[1], parts[5])
    expected = {
        "./usr/lib/edgewamp/edgewamp": "-rwxr-xr-x",
        "./usr/bin/edgewamp": "lrwxrwxrwx",
        "./etc/edgewamp/config.json": "-rw-r--r--",
        "./lib/systemd/system/edgewamp.service": "-rw-r--r--",
        "./lib/systemd/system/edgewamp.socket": "-rw-r--r--",
    }
    for name, mode in expected.items():
        assert name in entries, "{} not in the package:\n{}".format(name, listing)
        assert entries[name][0] == mode, "{}: {} (expected {})".format(name, entries[name][0], mode)
    assert entries["./usr/bin/edgewamp"][2].endswith("-> ../lib/edgewamp/edgewamp"), entries["./usr/bin/edgewamp"]
    assert all(owner == "root/root" for _, owner, _ in entries.values()), listing

    with __import__("tempfile").TemporaryDirectory() as control:
        subprocess.run(["dpkg-deb", "-e", path, control], check=True)
        with open(os.path.join(control, "conffiles")) as f:
            assert f.read().split() == ["/etc/edgewamp/config.json"]
        for script in ("postinst", "prerm", "postrm"):
            script_path = os.path.join(control, script)
            assert os.access(script_path, os.X_OK), script
            subprocess.run(["sh", "-n", script_path], check=True)
            lint = subprocess.run(["shellcheck", "-s", "sh", script_path], capture_output=True, text=True)
            assert lint.returncode == 0, lint.stdout
        with open(os.path.join(control, "postinst")) as f:
            postinst = f.read()
        assert re.search(r"adduser --system --group .*edgewamp", postinst, re.S), postinst
        assert "systemctl enable edgewamp.service" in postinst and "systemctl restart edgewamp.service" in postinst
        assert "/run/systemd/system" in postinst, "postinst must start the service only when systemd runs"


@pytest.mark.parametrize("arch", sorted(ARCHES))
def test_unpacked_binary_is_the_published_one_and_accepts_the_packaged_config(arch, tmp_path):
    path = deb(arch)
    rid, machine = ARCHES[arch]
    subprocess.run(["dpkg-deb", "-x", path, str(tmp_path)], check=True)
    binary = tmp_path / "usr" / "lib" / "edgewamp" / "edgewamp"
    with open(binary, "rb") as f:
        assert int.from_bytes(f.read(20)[18:20], "little") == machine
    with open(binary, "rb") as a, open(os.path.join(REPO, "artifacts", "publish", rid, "edgewamp"), "rb") as b:
        assert a.read() == b.read(), "the packaged binary is not the published {} one".format(rid)
    # The glibc the package depends on is the newest symbol version the binary needs.
    needed = subprocess.run(["readelf", "-V", "--wide", str(binary)], check=True, capture_output=True, text=True).stdout
    newest = max((tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", needed)))
    assert "libc6 (>= {})".format(".".join(map(str, newest))) in control_fields(path)["Depends"]

    command = (QEMU_AARCH64 if arch == "arm64" else []) + [str(binary), "check-config", str(tmp_path / "etc" / "edgewamp" / "config.json")]
    check = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and ": ok (" in check.stdout, check.stdout + check.stderr
    with open(tmp_path / "lib" / "systemd" / "system" / "edgewamp.service") as a, \
            open(os.path.join(REPO, "systemd", "edgewamp.service")) as b:
        assert a.read() == b.read()
    # firmware-configs ship only when the repository has real board files.
    shipped = tmp_path / "usr" / "share" / "edgewamp" / "firmware-configs"
    has_boards = os.path.isdir(os.path.join(REPO, "firmware-configs")) and any(
        n.endswith(".json") for n in os.listdir(os.path.join(REPO, "firmware-configs")))
    assert shipped.is_dir() == has_boards
