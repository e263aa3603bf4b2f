"""A test-side "microcontroller" on a real pseudo-terminal, written from
docs/serial.md alone (no code shared with the router): it opens a WAMP session
over the RawSocket handshake in the `rawsocket` or `cobs` framing, registers
procedures, publishes, answers the router's PINGs, and can be reset,
unplugged and plugged back in.

The router opens the slave side of the pty through a symlink (like
/dev/serial/by-id/...); unplugging removes the symlink and closes the pty.
"""

import binascii
import json
import os
import queue
import select
import threading
import time
import tty

MAGIC = 0x7F
REGULAR, PING, PONG = 0, 1, 2
SERIALIZER_JSON = 1

# WAMP message codes (WAMP spec, "Message Codes and Direction")
HELLO, WELCOME, ABORT, GOODBYE, ERROR = 1, 2, 3, 6, 8
PUBLISH, PUBLISHED = 16, 17
CALL, RESULT = 48, 50
REGISTER, REGISTERED, INVOCATION, YIELD = 64, 65, 68, 70


def crc16(data):
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR.
    CPython's binascii.crc_hqx is exactly this with the initial value passed in."""
    return binascii.crc_hqx(data, 0xFFFF)


def cobs_encode(data):
    """Consistent Overhead Byte Stuffing (Cheshire & Baker); no trailing delimiter."""
    out = bytearray([0])
    code_index, code = 0, 1
    for b in data:
        if code == 0xFF:
            out[code_index] = code
            code_index, code = len(out), 1
            out.append(0)
        if b == 0:
            out[code_index] = code
            code_index, code = len(out), 1
            out.append(0)
        else:
            out.append(b)
            code += 1
    out[code_index] = code
    return bytes(out)


def cobs_decode(data):
    """Returns the decoded bytes, or None if data is not a COBS encoding."""
    out = bytearray()
    i = 0
    while i < len(data):
        code = data[i]
        i += 1
        if code == 0 or i + code - 1 > len(data):
            return None
        block = data[i:i + code - 1]
        if 0 in block:
            return None
        out += block
        i += code - 1
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


def cobs_packet(raw):
    """One `cobs` packet: COBS(raw ++ CRC-16 big-endian) ++ 0x00 (docs/serial.md)."""
    return cobs_encode(raw + crc16(raw).to_bytes(2, "big")) + b"\x00"


def frame_bytes(frame_type, payload):
    return bytes([frame_type]) + len(payload).to_bytes(3, "big") + payload


def handshake_bytes(serializer=SERIALIZER_JSON, length_exponent=7):
    # 0x7F, LLLL SSSS, 0, 0: max message 2^(9+LLLL), serializer SSSS
    return bytes([MAGIC, (length_exponent << 4) | serializer, 0, 0])


class RawSocketDecoder:
    """The router -> device direction of the `rawsocket` framing."""

    def __init__(self):
        self.buf = bytearray()
        self.in_session = False

    def reset(self):
        self.buf.clear()
        self.in_session = False

    def feed(self, data):
        self.buf += data
        out = []
        while True:
            if not self.in_session:
                i = self.buf.find(bytes([MAGIC]))
                if i < 0:
                    self.buf.clear()
                    return out
                del self.buf[:i]
                if len(self.buf) < 4:
                    return out
                out.append(("handshake", bytes(self.buf[:4])))
                del self.buf[:4]
                self.in_session = True
                continue
            if len(self.buf) < 4:
                return out
            if self.buf[0] == MAGIC:
                # Another handshake reply where a frame header is due: the router started a new session.
                out.append(("handshake", bytes(self.buf[:4])))
                del self.buf[:4]
                continue
            length = int.from_bytes(self.buf[1:4], "big")
            if len(self.buf) < 4 + length:
                return out
            out.append((self.buf[0], bytes(self.buf[4:4 + length])))
            del self.buf[:4 + length]


class CobsDecoder:
    """The router -> device direction of the `cobs` framing."""

    def __init__(self):
        self.buf = bytearray()
        self.bad = 0

    def reset(self):
        self.buf.clear()

    def feed(self, data):
        self.buf += data
        out = []
        while True:
            i = self.buf.find(b"\x00")
            if i < 0:
                return out
            packet, self.buf = bytes(self.buf[:i]), self.buf[i + 1:]
            if not packet:
                continue
            raw = cobs_decode(packet)
            if raw is None or len(raw) < 6 or crc16(raw[:-2]) != int.from_bytes(raw[-2:], "big"):
                self.bad += 1
                continue
            raw = raw[:-2]
            if raw[0] == MAGIC:
                out.append(("handshake", raw))
            else:
                out.append((raw[0], raw[4:]))


class Microcontroller:
    """A WAMP peer behind a pty. Its own thread reads the line, answers PINGs and
    INVOCATIONs; tests call connect/hello/register/publish from theirs."""

    def __init__(self, link_path, framing):
        assert framing in ("rawsocket", "cobs"), framing
        self.link_path = link_path
        self.framing = framing
        self.answer_pings = True
        self.silent = False
        self.procedures = {}
        self.inbox = queue.Queue()
        self.lock = threading.Lock()
        self.request = 0
        self.session_id = None
        self.master = self.slave = None
        self._stop = threading.Event()
        self._plug()
        self.thread = threading.Thread(target=self._run, name="microcontroller " + framing, daemon=True)
        self.thread.start()

    # -- the cable -----------------------------------------------------------
    def _plug(self):
        master, slave = os.openpty()
        tty.setraw(slave)
        os.set_blocking(master, False)
        self.decoder = CobsDecoder() if self.framing == "cobs" else RawSocketDecoder()
        with self.lock:
            self.master, self.slave = master, slave
        os.symlink(os.ttyname(slave), self.link_path)

    def unplug(self):
        os.unlink(self.link_path)
        with self.lock:
            master, slave, self.master, self.slave = self.master, self.slave, None, None
        os.close(master)
        os.close(slave)
        self.session_id = None

    def replug(self):
        self._plug()

    def close(self):
        self._stop.set()
        self.thread.join(5)
        if self.master is not None:
            self.unplug()

    # -- bytes -----------------------------------------------------------------
    def write_line(self, data):
        """Raw bytes onto the line (noise, corrupted frames)."""
        with self.lock:
            view = memoryview(data)
            while view:
                try:
                    n = os.write(self.master, view)
                    view = view[n:]
                except BlockingIOError:
                    select.select([], [self.master], [], 0.1)

    def encode(self, raw):
        return cobs_packet(raw) if self.framing == "cobs" else raw

    def send_frame(self, frame_type, payload):
        self.write_line(self.encode(frame_bytes(frame_type, payload)))

    def send(self, message):
        self.send_frame(REGULAR, json.dumps(message, separators=(",", ":")).encode())

    def _run(self):
        while not self._stop.is_set():
            master = self.master
            if master is None:
                time.sleep(0.02)
                continue
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except (OSError, ValueError):
                continue
            for kind, payload in self.decoder.feed(data):
                if self.silent:
                    continue        # hung firmware: the UART is open, nothing answers
                if kind == PING:
                    if self.answer_pings:
                        self.send_frame(PONG, payload)
                elif kind == REGULAR:
                    self._on_message(json.loads(payload))
                else:
                    self.inbox.put((kind, payload))

    def _on_message(self, msg):
        if msg[0] == INVOCATION and msg[2] in self.procedures:
            args = msg[4] if len(msg) > 4 else []
            kwargs = msg[5] if len(msg) > 5 else {}
            result = self.procedures[msg[2]](*args, **kwargs)
            self.send([YIELD, msg[1], {}, [result]])
        else:
            self.inbox.put(("message", msg))

    def next(self, what, timeout=10.0, match=lambda item: True):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("device: no {} within {}s".format(what, timeout))
            try:
                item = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if match(item):
                return item

    # -- WAMP ------------------------------------------------------------------
    def connect(self, timeout=10.0):
        """The handshake, repeated every 250 ms until the router answers (firmware
        cannot know when the router opened the port). Returns the reply octets."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.decoder.reset()
            self.write_line(self.encode(handshake_bytes()))
            try:
                _, reply = self.next("handshake reply", 0.25, lambda item: item[0] == "handshake")
                return reply
            except AssertionError:
                continue
        raise AssertionError("device: the router did not answer the handshake within {}s".format(timeout))

    def hello(self, realm="realm1"):
        self.send([HELLO, realm, {"roles": {"publisher": {}, "callee": {}}}])
        _, msg = self.next("WELCOME", match=lambda item: item[0] == "message" and item[1][0] in (WELCOME, ABORT))
        assert msg[0] == WELCOME, msg
        self.session_id = msg[1]
        return msg[1]

    def join(self, realm="realm1", timeout=10.0):
        self.connect(timeout)
        return self.hello(realm)

    def register(self, procedure, fn):
        self.request += 1
        request = self.request
        self.send([REGISTER, request, {}, procedure])
        _, msg = self.next("REGISTERED", match=lambda item: item[0] == "message" and item[1][0] in (REGISTERED, ERROR) and item[1][1 if item[1][0] == REGISTERED else 2] == request)
        assert msg[0] == REGISTERED, msg
        self.procedures[msg[2]] = fn
        return msg[2]

    def call(self, procedure, args=(), kwargs=None):
        self.request += 1
        request = self.request
        self.send([CALL, request, {}, procedure, list(args), kwargs or {}])
        _, msg = self.next("RESULT", match=lambda item: item[0] == "message" and item[1][0] in (RESULT, ERROR) and item[1][1 if item[1][0] == RESULT else 2] == request)
        assert msg[0] == RESULT, msg
        return msg

    def publish(self, topic, args=(), kwargs=None, acknowledge=False):
        self.request += 1
        self.send([PUBLISH, self.request, {"acknowledge": True} if acknowledge else {}, topic, list(args), kwargs or {}])
        if acknowledge:
            request = self.request
            _, msg = self.next("PUBLISHED", match=lambda item: item[0] == "message" and item[1][0] in (PUBLISHED, ERROR) and item[1][1 if item[1][0] == PUBLISHED else 2] == request)
            assert msg[0] == PUBLISHED, msg


class LineDevice:
    """A plain device that prints text lines (a sensor, a GPS receiver) on a pty,
    and records the lines the router writes to it."""

    def __init__(self, link_path):
        self.link_path = link_path
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        os.set_blocking(self.master, False)
        os.symlink(os.ttyname(self.slave), link_path)
        self.received = bytearray()

    def print_line(self, text, ending="\r\n"):
        os.write(self.master, (text + ending).encode())

    def read_line(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.received:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("line device: nothing written to it within {}s (got {!r})".format(timeout, bytes(self.received)))
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.received += os.read(self.master, 4096)
                except BlockingIOError:
                    pass
        line, _, rest = bytes(self.received).partition(b"\n")
        self.received = bytearray(rest)
        return line.decode()

    def close(self):
        os.unlink(self.link_path)
        os.close(self.master)
        os.close(self.slave)
