"""The binary under the kernel's memory-deny-write-execute (what the unit's
MemoryDenyWriteExecute=yes imposes), and the deployment scripts' syntax."""

import os
import subprocess
import sys

import wamp_client
from conftest import require_file
from edgewamp_process import AOT_X64, REPO, Edgewamp, free_loopback_port, router_config

# prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN) (Linux 6.3+): no mapping may become both writable and executable.
MDWE_EXEC = r'''
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_MDWE) failed: errno %d" % ctypes.get_errno())
os.execv(sys.argv[1], sys.argv[1:])
'''


def test_aot_binary_routes_a_call_under_memory_deny_write_execute(workdir, processes):
    require_file(AOT_X64, "the linux-x64 Native AOT binary")
    # The control: through the same wrapper, a program that maps writable and executable memory is refused, so
    # the restriction survives execve and is in force for the router below.
    control = subprocess.run([sys.executable, "-c", MDWE_EXEC, sys.executable, "-c",
                              "import mmap; mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)"],
                             capture_output=True, text=True, timeout=30)
    assert control.returncode != 0 and "PermissionError" in control.stderr, \
        "W+X memory was allowed under the wrapper: {} {}".format(control.returncode, control.stderr)

    router = Edgewamp([AOT_X64], workdir, router_config([free_loopback_port()]))
    processes.append(router)
    router.start(argv_prefix=[sys.executable, "-c", MDWE_EXEC])
    router.wait_listening()

    async def body():
        sessions = []
        try:
            callee = await wamp_client.open_session(router, "cbor", "tcp", track=sessions)
            caller = await wamp_client.open_session(router, "msgpack", "tcp", track=sessions)
            uri = wamp_client.unique_uri("com.example.mdwe")
            await wamp_client.wait(callee.register(lambda s: s.upper(), uri), "REGISTERED")
            assert await wamp_client.wait(caller.call(uri, "wx"), "RESULT") == "WX"
        finally:
            await wamp_client.close_all(sessions)

    wamp_client.run(body())
    assert router.stop() == 0, router.output()
    assert router.stderr() == "", router.output()


def test_build_package_and_deploy_scripts_pass_shellcheck():
    scripts = [os.path.join(REPO, "scripts", name) for name in ("build.sh", "package.sh", "deploy.sh")]
    for script in scripts:
        subprocess.run(["bash", "-n", script], check=True)
    lint = subprocess.run(["shellcheck"] + scripts, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
