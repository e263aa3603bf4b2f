"""A microcontroller on a pseudo-terminal joins realm1 over the serial link and
registers a procedure and publishes; python3-autobahn over TCP calls it and
subscribes, against the real edgewamp binary. Then the real world: resets,
noise and flipped bits, unplug and replug, a silent device, and the line bridge
(key=value, regex and NMEA 0183 lines)."""

import asyncio
import math
import time

import pytest
from autobahn.wamp.exception import ApplicationError

import serial_device
from conftest import PING_INTERVAL_MS, PING_TIMEOUT_MS
from wamp_client import close_all, open_session, run, unique_uri, wait

FRAMINGS = ["rawsocket", "cobs"]


@pytest.fixture
def device(request, router):
    devices = []

    def plug(framing):
        d = serial_device.Microcontroller(router.paths[framing], framing)
        devices.append(d)
        return d
    yield plug
    for d in devices:
        d.close()


async def call_until(caller, uri, *args, expect_error=None, timeout=10.0):
    """Calls until the call succeeds (expect_error None) or fails with
    expect_error, bounded by timeout: session ends on the link are noticed by
    the router asynchronously (a reader thread, a timer)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = await wait(caller.call(uri, *args), "RESULT of " + uri)
            if expect_error is None:
                return result
        except ApplicationError as error:
            if expect_error is not None and error.error == expect_error:
                return error
            if expect_error is None and error.error != "wamp.error.no_such_procedure":
                raise
        if time.monotonic() > deadline:
            raise AssertionError("{}: no {} within {}s".format(uri, expect_error or "result", timeout))
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("framing", FRAMINGS)
def test_device_registers_and_publishes_autobahn_calls_and_subscribes(router, device, framing):
    async def body():
        d = device(framing)
        await asyncio.to_thread(d.join)
        add = unique_uri("com.device.add")
        await asyncio.to_thread(d.register, add, lambda a, b: a + b)
        sessions = []
        try:
            caller = await open_session(router, "cbor", "tcp", track=sessions)
            subscriber = await open_session(router, "msgpack", "tcp", track=sessions)
            assert await wait(caller.call(add, 2, 3), "RESULT") == 5
            assert await wait(caller.call(add, 1.5, 2.25), "RESULT") == 3.75

            topic = unique_uri("sensors.device.temperature")
            events = asyncio.Queue()
            await wait(subscriber.subscribe(lambda *a, **kw: events.put_nowait((a, kw)), topic), "SUBSCRIBED")
            for i in range(3):
                await asyncio.to_thread(d.publish, topic, [i], {"value": 21.5 + i, "unit": "Cel"}, True)
            for i in range(3):
                args, kwargs = await wait(events.get(), "EVENT {}".format(i))
                assert list(args) == [i] and kwargs == {"value": 21.5 + i, "unit": "Cel"}, (args, kwargs)
        finally:
            await close_all(sessions)
    run(body())


@pytest.mark.parametrize("framing", FRAMINGS)
def test_device_reset_mid_session_ends_the_old_session_and_starts_a_new_one(router, device, framing):
    async def body():
        d = device(framing)
        await asyncio.to_thread(d.join)
        first_session = d.session_id
        add = unique_uri("com.device.reset")
        await asyncio.to_thread(d.register, add, lambda a, b: a + b)
        sessions = []
        try:
            caller = await open_session(router, "json", "tcp", track=sessions)
            assert await wait(caller.call(add, 1, 1), "RESULT") == 2

            # The device resets and boots again: a new handshake, a new HELLO, nothing registered yet.
            await asyncio.to_thread(d.join)
            assert d.session_id != first_session
            await call_until(caller, add, 1, 1, expect_error="wamp.error.no_such_procedure")

            await asyncio.to_thread(d.register, add, lambda a, b: a * b)
            assert await call_until(caller, add, 3, 4) == 12
        finally:
            await close_all(sessions)
    run(body())


def test_device_reset_fires_the_old_sessions_testament_and_on_leave(router, device):
    async def body():
        d = device("cobs")
        await asyncio.to_thread(d.join)
        old_session = d.session_id
        sessions = []
        try:
            watcher = await open_session(router, "json", "tcp", track=sessions)
            testament_topic = unique_uri("devices.esp32.gone")
            testaments, leaves = asyncio.Queue(), asyncio.Queue()
            await wait(watcher.subscribe(lambda *a, **kw: testaments.put_nowait((a, kw)), testament_topic), "SUBSCRIBED")
            await wait(watcher.subscribe(lambda *a: leaves.put_nowait(a), "wamp.session.on_leave"), "SUBSCRIBED")
            await asyncio.to_thread(d.call, "wamp.session.add_testament", [testament_topic, ["lost"], {"id": old_session}])

            await asyncio.to_thread(d.join)         # the device reset: a new handshake and HELLO

            args, kwargs = await wait(testaments.get(), "the testament")
            assert list(args) == ["lost"] and kwargs == {"id": old_session}, (args, kwargs)
            while True:
                left = await wait(leaves.get(), "wamp.session.on_leave for the old session")
                if left[0] == old_session:
                    break
            assert d.session_id != old_session
        finally:
            await close_all(sessions)
    run(body())


def test_cobs_noise_and_flipped_bits_cost_one_frame_not_the_session(router, device):
    async def body():
        d = device("cobs")
        await asyncio.to_thread(d.join)
        add = unique_uri("com.device.noisy")
        await asyncio.to_thread(d.register, add, lambda a, b: a + b)
        sessions = []
        try:
            caller = await open_session(router, "json", "tcp", track=sessions)
            subscriber = await open_session(router, "json", "tcp", track=sessions)
            topic = unique_uri("sensors.noisy")
            events = asyncio.Queue()
            await wait(subscriber.subscribe(lambda *a, **kw: events.put_nowait(a), topic), "SUBSCRIBED")

            corrupted = bytearray(d.encode(serial_device.frame_bytes(0, '[16,900,{{}},"{}",["flipped"]]'.format(topic).encode())))
            corrupted[7] ^= 0x04
            d.write_line(b"\x13\x37line noise\xff\xfe")
            d.write_line(b"\x00")
            d.write_line(bytes(corrupted))
            d.write_line(d.encode(serial_device.frame_bytes(0, '[16,901,{{}},"{}",["intact"]]'.format(topic).encode())))

            assert await wait(events.get(), "the intact EVENT") == ("intact",)
            assert await wait(caller.call(add, 20, 22), "RESULT after the noise") == 42
            assert events.empty()
        finally:
            await close_all(sessions)
    run(body())


def test_rawsocket_impossible_length_ends_the_session_and_the_link_waits_for_a_handshake(router, device):
    async def body():
        d = device("rawsocket")
        await asyncio.to_thread(d.join)
        add = unique_uri("com.device.raw")
        await asyncio.to_thread(d.register, add, lambda a, b: a + b)
        sessions = []
        try:
            caller = await open_session(router, "json", "tcp", track=sessions)
            assert await wait(caller.call(add, 1, 2), "RESULT") == 3

            # A flipped bit in a length octet: 0x00 -> 0x80 announces an 8 MiB frame, more than the router accepts.
            d.write_line(bytes([0x00, 0x80, 0x00, 0x10]) + b"[16,1,{},\"x\"]")
            await call_until(caller, add, 1, 2, expect_error="wamp.error.no_such_procedure")

            await asyncio.to_thread(d.join)
            await asyncio.to_thread(d.register, add, lambda a, b: a - b)
            assert await call_until(caller, add, 5, 2) == 3
        finally:
            await close_all(sessions)
    run(body())


@pytest.mark.parametrize("framing", FRAMINGS)
def test_unplug_and_replug_reopens_within_two_seconds_and_other_sessions_are_served(router, device, framing):
    async def body():
        d = device(framing)
        await asyncio.to_thread(d.join)
        add = unique_uri("com.device.plug")
        await asyncio.to_thread(d.register, add, lambda a, b: a + b)
        sessions = []
        try:
            caller = await open_session(router, "json", "tcp", track=sessions)
            other = await open_session(router, "cbor", "tcp", track=sessions)
            assert await wait(caller.call(add, 2, 2), "RESULT") == 4

            d.unplug()
            await call_until(caller, add, 1, 1, expect_error="wamp.error.no_such_procedure")

            # Every other session is served while the device is away.
            echo = unique_uri("com.tcp.echo")
            await wait(other.register(lambda x: x, echo), "REGISTERED")
            assert await wait(caller.call(echo, "still here"), "RESULT") == "still here"

            # Unplugged long enough for the reopen backoff to reach its maximum, then plugged back.
            await asyncio.sleep(1.5)
            d.replug()
            plugged = time.monotonic()
            await asyncio.to_thread(d.connect)
            reopened = time.monotonic() - plugged
            assert reopened < 2.0, "the router answered the handshake {:.2f}s after the device reappeared".format(reopened)
            await asyncio.to_thread(d.hello)
            await asyncio.to_thread(d.register, add, lambda a, b: a + b)
            assert await call_until(caller, add, 20, 22) == 42
        finally:
            await close_all(sessions)
    run(body())


def test_silent_device_is_pinged_and_its_session_ends(router, device):
    async def body():
        d = device("rawsocket")
        await asyncio.to_thread(d.join)
        add = unique_uri("com.device.silent")
        await asyncio.to_thread(d.register, add, lambda a, b: a + b)
        sessions = []
        try:
            caller = await open_session(router, "json", "tcp", track=sessions)
            assert await wait(caller.call(add, 1, 1), "RESULT") == 2

            d.silent = True      # the firmware hangs: the UART is open, nothing answers PINGs or INVOCATIONs
            started = time.monotonic()
            with pytest.raises(ApplicationError) as info:
                # The INVOCATION is never answered; the router's PING is not either, so the session ends and the
                # call in flight is answered for the callee.
                await wait(caller.call(add, 1, 1), "the session end", timeout=(PING_INTERVAL_MS + PING_TIMEOUT_MS) / 1000 + 5)
            assert info.value.error == "wamp.error.canceled", info.value
            assert time.monotonic() - started >= PING_TIMEOUT_MS / 1000
            await call_until(caller, add, 1, 1, expect_error="wamp.error.no_such_procedure")
        finally:
            await close_all(sessions)
    run(body())


@pytest.fixture
def line_device(router):
    d = serial_device.LineDevice(router.paths["line"])
    yield d
    d.close()


async def bridge_ready(line_device, queues, timeout=10.0):
    """The router opens the device asynchronously (and drops what was printed
    before): print numbered probe lines until one is published, then a last
    marker, and forget every event before the marker."""
    count = queues["sensors.weather.count"]
    deadline = time.monotonic() + timeout
    probe = 1000
    while True:
        probe += 1
        line_device.print_line("count={}".format(probe))
        try:
            await asyncio.wait_for(count.get(), 0.3)
            break
        except asyncio.TimeoutError:
            if time.monotonic() > deadline:
                raise AssertionError("the line bridge published nothing within {}s".format(timeout)) from None
    line_device.print_line("count=-1")
    while (await wait(count.get(), "the marker"))["value"] != -1:
        pass
    for q in queues.values():
        while not q.empty():
            q.get_nowait()


def test_line_bridge_publishes_key_value_regex_and_nmea_lines_and_writes_lines(router, line_device):
    async def body():
        sessions = []
        try:
            s = await open_session(router, "json", "tcp", track=sessions)
            queues = {}
            for topic in ["sensors.weather.temperature", "sensors.weather.humidity", "sensors.weather.count",
                          "sensors.weather.door", "sensors.weather.pressure", "sensors.weather.wind_speed",
                          "sensors.gps.latitude", "sensors.gps.longitude", "sensors.gps.altitude",
                          "sensors.gps.satellites", "sensors.gps.speed", "sensors.gps.course"]:
                q = asyncio.Queue()
                queues[topic] = q
                await wait(s.subscribe(lambda *a, q=q, **kw: q.put_nowait(kw), topic), "SUBSCRIBED " + topic)

            await bridge_ready(line_device, queues)
            before = int(time.time() * 1000)
            line_device.print_line("temp=21.5 hum=40.2 count=7 door=open")
            temperature = await wait(queues["sensors.weather.temperature"].get(), "temperature")
            assert temperature["unit"] == "K" and math.isclose(temperature["value"], 294.65), temperature
            assert before - 1000 <= temperature["ts"] <= int(time.time() * 1000) + 1000, temperature
            humidity = await wait(queues["sensors.weather.humidity"].get(), "humidity")
            assert humidity["value"] == 40.2 and humidity["unit"] == "%", humidity
            count = await wait(queues["sensors.weather.count"].get(), "count")
            assert count["value"] == 7 and isinstance(count["value"], int) and "unit" not in count, count
            # "open" is not a boolean: that value is skipped, the others of the line are published.
            assert queues["sensors.weather.door"].empty()

            line_device.print_line("temp=18;hum=55.5;door=1")
            assert (await wait(queues["sensors.weather.temperature"].get(), "temperature 2"))["value"] == pytest.approx(291.15)
            assert (await wait(queues["sensors.weather.door"].get(), "door"))["value"] is True

            line_device.print_line("P:1013.25hPa W:12kn")
            pressure = await wait(queues["sensors.weather.pressure"].get(), "pressure (regex)")
            assert pressure == {"value": pytest.approx(101325.0), "unit": "Pa", "ts": pressure["ts"]}, pressure
            wind = await wait(queues["sensors.weather.wind_speed"].get(), "wind (regex)")
            assert wind["value"] == pytest.approx(6.1733, abs=1e-4) and wind["unit"] == "m/s", wind

            # NMEA 0183 (the gpsinformation.org reference sentences, checksums valid).
            line_device.print_line("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47")
            latitude = await wait(queues["sensors.gps.latitude"].get(), "GGA latitude")
            assert latitude["value"] == pytest.approx(48.1173) and latitude["unit"] == "deg", latitude
            longitude = await wait(queues["sensors.gps.longitude"].get(), "GGA longitude")
            assert longitude["value"] == pytest.approx(11.516666666666667), longitude
            altitude = await wait(queues["sensors.gps.altitude"].get(), "GGA altitude")
            assert altitude["value"] == 545.4 and altitude["unit"] == "m", altitude
            assert (await wait(queues["sensors.gps.satellites"].get(), "GGA satellites"))["value"] == 8

            # A corrupted sentence (bad checksum) publishes nothing; the next good one does.
            line_device.print_line("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B")
            line_device.print_line("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A")
            speed = await wait(queues["sensors.gps.speed"].get(), "RMC speed")
            assert speed["value"] == pytest.approx(22.4 * 1852 / 3600) and speed["unit"] == "m/s", speed
            assert (await wait(queues["sensors.gps.course"].get(), "RMC course"))["value"] == 84.4
            assert queues["sensors.gps.speed"].empty()
            # RMC carries the position too (published before speed and course, so already queued).
            assert queues["sensors.gps.longitude"].get_nowait()["value"] == pytest.approx(11.516666666666667)

            line_device.print_line("$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76")
            assert (await wait(queues["sensors.gps.longitude"].get(), "west longitude"))["value"] == pytest.approx(-6.50562, abs=1e-5)

            # The write procedure sends a line to the device.
            assert await wait(s.call("devices.weather.write", "LED=1"), "RESULT of the write") is None
            assert line_device.read_line() == "LED=1\r"
        finally:
            await close_all(sessions)
    run(body())
