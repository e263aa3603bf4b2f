"""SIGHUP (systemctl reload edgewamp): the configuration is re-read and
checked; what needs a restart is logged and the router keeps running on the
configuration it started with; an invalid file is logged and ignored."""

import os
import signal
import socket

import pytest

import wamp_client
from conftest import require_file
from edgewamp_process import AOT_X64, Edgewamp, accepts, free_loopback_port, router_config


def start(workdir, processes, config):
    require_file(AOT_X64, "the linux-x64 Native AOT binary")
    router = Edgewamp([AOT_X64], workdir, config)
    processes.append(router)
    router.start()
    # As systemd does: a reload only once the service is up (READY=1, which follows "Application started").
    router.wait_log("Application started")
    return router


def joins(router, realm):
    async def body():
        sessions = []
        try:
            await wamp_client.open_session(router, "json", "tcp", realm=realm, track=sessions)
        finally:
            await wamp_client.close_all(sessions)
    wamp_client.run(body())


def test_sighup_with_changed_config_logs_what_needs_a_restart_and_keeps_running(workdir, processes):
    port, new_port = free_loopback_port(), free_loopback_port()
    router = start(workdir, processes, router_config([port]))

    router.write_config(router_config([port, new_port], realms=("realm1", "realm2"), limits={"maxSessions": 50}))
    router.signal(signal.SIGHUP)
    log = router.wait_log("keeps running on the configuration it started with")
    assert "SIGHUP: reloading the configuration" in log, router.output()
    for change in ("realm 'realm2' added", "listener tcp 127.0.0.1:{} added".format(new_port), "limits changed"):
        assert "{}; this needs a restart".format(change) in log, "{!r} not logged\n{}".format(change, router.output())
    assert "realm 'realm1'" not in log and "listener tcp 127.0.0.1:{} ".format(port) not in log, \
        "an unchanged realm or listener was reported as changed\n" + router.output()

    # Still the old configuration: the old port and realm serve, the new ones do not exist yet.
    router.assert_running("after SIGHUP")
    joins(router, "realm1")
    assert not accepts(socket.AF_INET, ("127.0.0.1", new_port)), "the new listener was started without a restart"
    with pytest.raises(wamp_client.SessionAborted) as aborted:
        joins(router, "realm2")
    assert aborted.value.reason == "wamp.error.no_such_realm", aborted.value
    router.assert_running("after the sessions")
    assert router.stderr() == "", router.output()


def test_sighup_with_invalid_config_is_logged_and_ignored(workdir, processes):
    port = free_loopback_port()
    config = router_config([port])
    router = start(workdir, processes, config)

    broken = router_config([port])
    broken["listners"] = broken.pop("listeners")   # a typo: unknown key, and no listeners
    router.write_config(broken)
    router.signal(signal.SIGHUP)
    log = router.wait_log("is invalid")
    assert "ignored, the router keeps running on its current configuration" in log, router.output()
    # Every error with its place in the file, as check-config prints it.
    assert "{}:".format(router.config_path) in log and "$.listners" in log, router.output()

    router.assert_running("after SIGHUP with an invalid file")
    joins(router, "realm1")

    # A second SIGHUP with the file put right again: valid, and nothing to restart for.
    router.write_config(config)
    router.signal(signal.SIGHUP)
    router.wait_log("is valid and the same as the running configuration")
    router.assert_running("after the second SIGHUP")
    assert router.stderr() == "", router.output()
    assert router.stop() == 0, router.output()


def test_logs_to_the_journal_carry_syslog_priorities(workdir, processes):
    """Under systemd (JOURNAL_STREAM set) each line starts with its sd-daemon(3) priority, which journald stores:
    <6> information, <4> warning, <3> error."""
    require_file(AOT_X64, "the linux-x64 Native AOT binary")
    port = free_loopback_port()
    router = Edgewamp([AOT_X64], workdir, router_config([port]), env={"JOURNAL_STREAM": "8:4242"})
    processes.append(router)
    router.start()
    router.wait_log("Application started")

    router.write_config(router_config([port], limits={"maxSessions": 5}))
    router.signal(signal.SIGHUP)
    router.wait_log("[5124]")
    router.write_config("{ not json")
    router.signal(signal.SIGHUP)
    log = router.wait_log("[5121]")

    lines = log.splitlines()
    assert any(line.startswith("<6>EdgeWamp.Host.Hosting.RouterService[5000] edgewamp ") for line in lines), log
    assert any(line.startswith("<4>EdgeWamp.Host.Hosting.ConfigReloadService[5123] Reload: ") for line in lines), log
    assert any(line.startswith("<3>EdgeWamp.Host.Hosting.ConfigReloadService[5121] Reload: ") for line in lines), log
    # journald adds its own timestamps: none in the line.
    assert not any(line[:2].isdigit() for line in lines), log
    assert router.stop() == 0, router.output()
