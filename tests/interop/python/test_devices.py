"""The device bridge end to end: `edgewamp run` with NO configuration (the
embedded default: the sim board, system metrics on) publishes sensors.env.*
and system.* values that python3-autobahn receives (retained: on subscribe
with get_retained) and reads with sensors.env.read; the sim board's pins led
(output), button (input, driven with gpio.button.simulate) and fan (PWM) are
written, toggled, pulsed and read like a board's (docs/devices.md).

The embedded default listens on 127.0.0.1:8080 and reads
/etc/edgewamp/config.json when it exists, so the router runs in its own
network and mount namespaces (unshare): a private loopback where port 8080 is
free, and an empty /etc/edgewamp. Clients reach it through its Unix socket,
edgewamp.sock in $RUNTIME_DIRECTORY, a temporary directory.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import SubscribeOptions

import conftest
from wamp_client import Inbox, close_all, open_session, run

# The default listeners' serializers; every one is exercised.
SERIALIZERS = ("json", "msgpack", "cbor")
START_TIMEOUT = 20.0
ENV_UNITS = {"temperature": "°C", "humidity": "%RH", "pressure": "Pa"}


class DefaultRouter:
    """`edgewamp run` with no --config, alone in its namespaces."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.host = "127.0.0.1"
        self.port = 8080
        self.unix_path = os.path.join(workdir, "edgewamp.sock")
        self.stdout_path = os.path.join(workdir, "stdout.log")
        self.stderr_path = os.path.join(workdir, "stderr.log")
        self.proc = None

    def start(self):
        # unshare without --fork execs the shell, which execs edgewamp: the child's PID is the router's.
        script = ('ip link set lo up && { [ ! -d /etc/edgewamp ] || mount -t tmpfs tmpfs /etc/edgewamp; } '
                  '&& exec "$0" run')
        unshare = ["unshare", "--net", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
        env = dict(os.environ, RUNTIME_DIRECTORY=self.workdir, DOTNET_CLI_TELEMETRY_OPTOUT="1")
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(unshare + ["sh", "-c", script, self.binary], stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=err, cwd=self.workdir, env=env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("edgewamp exited with {}\n{}".format(self.proc.returncode, self.output()))
            if os.path.exists(self.unix_path):
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    try:
                        s.connect(self.unix_path)
                        return
                    except OSError:
                        pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("edgewamp did not listen on {} within {}s\n{}".format(self.unix_path, START_TIMEOUT, self.output()))

    def stop(self):
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return None if proc is None else "exited early with {}".format(proc.returncode)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=conftest.STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return "ignored SIGTERM"
        return None if proc.returncode == 0 else "exit code {}".format(proc.returncode)

    def output(self):
        return "--- stdout ---\n{}\n--- stderr ---\n{}".format(conftest._tail(self.stdout_path), conftest._tail(self.stderr_path))


@pytest.fixture(scope="module")
def default_router():
    binary = os.environ.get("EDGEWAMP_BIN", conftest.DEFAULT_BIN)
    workdir = tempfile.mkdtemp(prefix="edgewamp-devices-")
    router = DefaultRouter(binary, workdir)
    router.start()
    try:
        run(_until_env_readable(router))
        yield router
    finally:
        problem = router.stop()
        output = router.output()
        stderr = conftest._tail(router.stderr_path)
        shutil.rmtree(workdir, ignore_errors=True)
    if problem or stderr:
        pytest.fail("edgewamp on shutdown: {}\n{}".format(problem or "wrote to stderr", output), pytrace=False)


async def _until_env_readable(router):
    """The sensors publish their first reading right after the router starts: wait for it (bounded)."""
    deadline = time.monotonic() + START_TIMEOUT
    s = await open_session(router, "cbor", "unix", label="startup")
    try:
        while True:
            try:
                await s.call("sensors.env.read")
                return
            except ApplicationError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)
    finally:
        await close_all([s])


async def _session(router, serializer, label):
    return await open_session(router, serializer, "unix", label=label)


async def _subscribe(session, topic, match=None, get_retained=True):
    inbox = Inbox(session, topic)
    await session.subscribe(inbox.event_handler, topic,
                            options=SubscribeOptions(match=match, get_retained=get_retained, details=True))
    return inbox


def _check_reading(what, kwargs, unit):
    assert set(kwargs) == {"value", "unit", "ts"}, (what, kwargs)
    assert isinstance(kwargs["value"], float), (what, kwargs)
    assert kwargs["unit"] == unit, (what, kwargs)
    assert isinstance(kwargs["ts"], int) and abs(kwargs["ts"] - time.time() * 1000) < 120_000, (what, kwargs)


@pytest.mark.parametrize("serializer", SERIALIZERS)
def test_env_quantities_are_retained_and_received_on_subscribe(default_router, serializer):
    async def body():
        s = await _session(default_router, serializer, "env")
        try:
            inbox = await _subscribe(s, "sensors.env.", match="prefix")
            seen = {}
            while len(seen) < 3:
                args, kwargs, details = await inbox.next("a retained sensors.env.* event")
                quantity = details.topic[len("sensors.env."):]
                assert quantity in ENV_UNITS, details.topic
                _check_reading(details.topic, kwargs, ENV_UNITS[quantity])
                assert args == [], args
                seen[quantity] = kwargs["value"]
            # An indoor climate, as the sim board promises.
            assert 5 < seen["temperature"] < 40, seen
            assert 0 <= seen["humidity"] <= 100, seen
            assert 90_000 < seen["pressure"] < 110_000, seen
        finally:
            await close_all([s])
    run(body())


@pytest.mark.parametrize("serializer", SERIALIZERS)
def test_system_metrics_are_on_by_default(default_router, serializer):
    async def body():
        s = await _session(default_router, serializer, "system")
        try:
            expected = {"system.cpu.load": "1", "system.memory.used": "B", "system.memory.total": "B", "system.uptime": "s",
                        "system.disk.used": "B", "system.disk.free": "B"}
            for topic, unit in sorted(expected.items()):
                inbox = await _subscribe(s, topic)
                args, kwargs, details = await inbox.next("the retained {}".format(topic))
                _check_reading(topic, kwargs, unit)
            memory = await s.call("system.read")
            used, total = memory.kwresults["memory.used"]["value"], memory.kwresults["memory.total"]["value"]
            assert 0 < used < total, memory.kwresults
        finally:
            await close_all([s])
    run(body())


@pytest.mark.parametrize("serializer", SERIALIZERS)
def test_sensors_env_read_returns_every_quantity(default_router, serializer):
    async def body():
        s = await _session(default_router, serializer, "reader")
        try:
            result = await s.call("sensors.env.read")
            assert list(result.results or ()) == [], result.results
            assert set(result.kwresults) == set(ENV_UNITS), result.kwresults
            for quantity, unit in ENV_UNITS.items():
                _check_reading(quantity, result.kwresults[quantity], unit)
        finally:
            await close_all([s])
    run(body())


@pytest.mark.parametrize("serializer", SERIALIZERS)
def test_led_write_toggle_read_and_pulse(default_router, serializer):
    async def body():
        s = await _session(default_router, serializer, "led")
        try:
            await s.call("gpio.led.write", 0)
            inbox = await _subscribe(s, "gpio.led.state", get_retained=False)

            assert (await s.call("gpio.led.write", 1)).kwresults["value"] == 1
            assert (await inbox.next("led on"))[1]["value"] == 1
            assert (await s.call("gpio.led.toggle")).kwresults["value"] == 0
            assert (await inbox.next("led toggled off"))[1]["value"] == 0
            assert (await s.call("gpio.led.read")).kwresults["value"] == 0

            await s.call("gpio.led.pulse", duration=100)
            on = (await inbox.next("the pulse's start"))[1]
            off = (await inbox.next("the pulse's end"))[1]
            assert (on["value"], off["value"]) == (1, 0), (on, off)
            # The pulse's length, within what a timer on a monotonic tick may differ from the wall clock (a few ms).
            assert off["ts"] - on["ts"] >= 90, (on, off)
            assert (await s.call("gpio.led.read")).kwresults["value"] == 0

            with pytest.raises(ApplicationError) as bad:
                await s.call("gpio.led.write", "on")
            assert bad.value.error == "wamp.error.invalid_argument"
        finally:
            await close_all([s])
    run(body())


@pytest.mark.parametrize("serializer", SERIALIZERS)
def test_button_state_follows_the_simulated_line(default_router, serializer):
    async def body():
        s = await _session(default_router, serializer, "button")
        try:
            await s.call("gpio.button.simulate", 1)
            inbox = await _subscribe(s, "gpio.button.state")
            # The retained state: released, high through the pull-up.
            assert (await inbox.next("the retained button state"))[1]["value"] == 1

            await s.call("gpio.button.simulate", 0)
            pressed = (await inbox.next("the press, once debounced"))[1]
            assert pressed["value"] == 0 and isinstance(pressed["ts"], int), pressed
            assert (await s.call("gpio.button.read")).kwresults["value"] == 0
            await s.call("gpio.button.simulate", 1)
            assert (await inbox.next("the release"))[1]["value"] == 1

            with pytest.raises(ApplicationError) as refused:
                await s.call("gpio.button.write", 1)
            assert refused.value.error == "wamp.error.no_such_procedure"
        finally:
            await close_all([s])
    run(body())


def test_fan_pwm_duty_and_frequency(default_router):
    async def body():
        s = await _session(default_router, "cbor", "fan")
        try:
            result = await s.call("gpio.fan.write", duty=0.4, frequency=20000)
            assert (result.kwresults["duty"], result.kwresults["frequency"]) == (0.4, 20000), result.kwresults
            read = await s.call("gpio.fan.read")
            assert (read.kwresults["duty"], read.kwresults["frequency"]) == (0.4, 20000), read.kwresults
            with pytest.raises(ApplicationError):
                await s.call("gpio.fan.write", 1.5)
        finally:
            await close_all([s])
    run(body())
