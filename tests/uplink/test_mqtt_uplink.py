"""MQTT uplink: a real edgewamp (A) linked to Debian's mosquitto, started by
the test on a free loopback port; mosquitto_sub and mosquitto_pub on the
broker side, autobahn on A's side. A reaches the broker through a TcpGate, so
the test decides when a link may come back."""

import asyncio
import os
import queue
import signal
import subprocess
import threading
import time

import pytest
from autobahn.wamp.types import PublishOptions

from conftest import RouterProcess, TcpGate, anonymous_realm_config, free_loopback_port
from test_wamp_uplink import Inbox, online, wait_for_status
from wamp_client import open_session, close_all, run, wait

PREFIX = "devices/pi7/"
LINE_TIMEOUT = 20.0

class Mosquitto:
    """Debian's mosquitto on a fixed loopback port (kept across restarts)."""

    def __init__(self, workdir):
        self.port = free_loopback_port()
        self.config = os.path.join(workdir, "mosquitto.conf")
        with open(self.config, "w") as f:
            f.write("listener {} 127.0.0.1\nallow_anonymous true\npersistence false\n".format(self.port))
        self.log = os.path.join(workdir, "mosquitto.log")
        self.proc = None

    def start(self):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(["mosquitto", "-c", self.config], stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.port), "-t", "probe/start", "-m", "x"],
                              capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("mosquitto did not start:\n" + open(self.log).read())

    def kill(self):
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)

    def publish(self, topic, message, qos=1):
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.port), "-t", topic, "-m", message, "-q", str(qos)],
                       check=True, timeout=10)


class Subscriber:
    """mosquitto_sub -v on a filter; its lines ("topic payload") come through a queue."""

    def __init__(self, broker, topic_filter):
        self.proc = subprocess.Popen(
            ["mosquitto_sub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", topic_filter, "-v", "-q", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def next(self, what):
        try:
            return self.lines.get(timeout=LINE_TIMEOUT)
        except queue.Empty:
            raise AssertionError("mosquitto_sub printed nothing within {}s while waiting for {}".format(LINE_TIMEOUT, what)) from None

    def wait_for(self, expected, what):
        seen = []
        deadline = time.monotonic() + LINE_TIMEOUT
        while time.monotonic() < deadline:
            line = self.next(what)
            if line == expected:
                return seen
            seen.append(line)
        raise AssertionError("no line {!r} ({}); saw {}".format(expected, what, seen))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


class Setup:
    def __init__(self, workdir, processes, version):
        self.broker = Mosquitto(workdir)
        self.broker.start()
        self.gate = TcpGate(self.broker.port)
        uplink = {
            "name": "cloud",
            "url": "mqtt://127.0.0.1:{}".format(self.gate.port),
            "prefix": PREFIX,
            "mqttVersion": version,
            "publish": ["sensors."],
            "subscribe": ["commands."],
            "durable": ["sensors.durable."],
            "queue": {"directory": os.path.join(workdir, "queue")},
            "qos": 1,
            "maxBackoffSeconds": 1,
        }
        self.a = RouterProcess("a", workdir, lambda p: anonymous_realm_config(p.port, p.unix_path, [uplink]))
        processes.append(self.a)
        self.subscribers = []

    def subscribe(self, topic_filter):
        s = Subscriber(self.broker, topic_filter)
        self.subscribers.append(s)
        return s

    def stop(self):
        for s in self.subscribers:
            s.stop()
        self.gate.stop()
        self.broker.kill()


@pytest.mark.parametrize("version", ["3.1.1", "5"])
def test_mosquitto_sub_receives_local_events_and_the_online_status(workdir, processes, version):
    setup = Setup(workdir, processes, version)
    try:
        setup.a.start()
        sub = setup.subscribe(PREFIX + "#")
        # The retained availability message proves the link is up and the subscriber is in.
        sub.wait_for(PREFIX + "status online", "the retained online status")

        async def body():
            sessions = []
            try:
                a = await open_session(setup.a, "cbor", "tcp", track=sessions)
                await wait(a.publish("sensors.env.temperature", value=21.5, unit="C", options=PublishOptions(acknowledge=True)), "PUBLISHED")
                await wait(a.publish("sensors.env.humidity", 40, options=PublishOptions(acknowledge=True)), "PUBLISHED")
            finally:
                await close_all(sessions)

        run(body())
        assert sub.next("the kwargs event") == PREFIX + 'sensors/env/temperature {"value":21.5,"unit":"C"}'
        assert sub.next("the single-argument event") == PREFIX + "sensors/env/humidity 40"
    finally:
        setup.stop()


@pytest.mark.parametrize("version", ["3.1.1", "5"])
def test_mosquitto_pub_reaches_local_subscriber(workdir, processes, version):
    setup = Setup(workdir, processes, version)
    try:
        setup.a.start()

        async def body():
            sessions = []
            try:
                a = await open_session(setup.a, "json", "tcp", track=sessions)
                inbox = Inbox()
                await wait(a.subscribe(inbox.handler, "commands.led"), "SUBSCRIBED")
                await wait_for_status(a, online, "the uplink online")
                setup.broker.publish(PREFIX + "commands/led", '{"on": true, "level": 3}')
                setup.broker.publish(PREFIX + "commands/led", "[1, 2]")
                setup.broker.publish(PREFIX + "commands/led", "blink")
                assert (await inbox.next("the object command"))[:2] == ([], {"on": True, "level": 3})
                assert (await inbox.next("the array command"))[:2] == ([1, 2], {})
                assert (await inbox.next("the text command"))[:2] == (["blink"], {})
            finally:
                await close_all(sessions)

        run(body())
    finally:
        setup.stop()


def test_last_will_says_offline_when_the_board_dies(workdir, processes):
    setup = Setup(workdir, processes, "3.1.1")
    try:
        setup.a.start()
        sub = setup.subscribe(PREFIX + "status")
        sub.wait_for(PREFIX + "status online", "the retained online status")
        setup.a.kill()
        assert sub.next("the last will") == PREFIX + "status offline"
    finally:
        setup.stop()


@pytest.mark.parametrize("version", ["3.1.1", "5"])
def test_durable_events_survive_broker_outage_with_qos1(workdir, processes, version):
    setup = Setup(workdir, processes, version)
    count = 20
    try:
        setup.a.start()

        async def publish_while_down():
            sessions = []
            try:
                a = await open_session(setup.a, "cbor", "tcp", track=sessions)
                await wait_for_status(a, online, "the uplink online")
                setup.broker.kill()
                setup.gate.close()
                await wait_for_status(a, lambda s: s["state"] != "online", "the uplink offline")
                for i in range(count):
                    await wait(a.publish("sensors.durable.level", i, options=PublishOptions(acknowledge=True)), "PUBLISHED {}".format(i))
                await wait_for_status(a, lambda s: s["queue"]["depth"] == count, "{} queued events".format(count))
            finally:
                await close_all(sessions)

        run(publish_while_down())
        time.sleep(3)  # the broker stays down for several seconds
        setup.broker.start()
        sub = setup.subscribe(PREFIX + "sensors/durable/#")
        # mosquitto_sub has no "subscribed" signal: a probe it prints proves its subscription is in place.
        deadline = time.monotonic() + LINE_TIMEOUT
        while True:
            setup.broker.publish(PREFIX + "sensors/durable/probe", "probe")
            try:
                if sub.lines.get(timeout=0.5) == PREFIX + "sensors/durable/probe probe":
                    break
            except queue.Empty:
                assert time.monotonic() < deadline, "mosquitto_sub never subscribed"
        setup.gate.open()
        received = []
        while len(received) < count:
            line = sub.next("queued event {}".format(len(received)))
            if line != PREFIX + "sensors/durable/probe probe":
                received.append(line)
        assert received == [PREFIX + "sensors/durable/level {}".format(i) for i in range(count)]
    finally:
        setup.stop()
