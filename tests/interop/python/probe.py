#!/usr/bin/python3
"""Raw WAMP-over-RawSocket probe: no autobahn session logic, just bytes, to
see exactly what a router sends. Prints every frame as hex and decoded.

  probe.py --tcp 127.0.0.1:8080 [--serializer json|msgpack|cbor|ubjson] [--realm realm1] [MSG ...]
  probe.py --unix /run/edgewamp/edgewamp.sock MSG ...

Each MSG is a WAMP message as JSON, sent in order after HELLO/WELCOME (HELLO
is sent first unless --no-hello), e.g.
  '[64, 1, {}, "com.example.p"]'  '[48, 2, {}, "com.example.p", [1, 2]]'  '[6, {}, "wamp.close.normal"]'
After the last message the probe keeps reading for --linger seconds.
"""

import argparse
import json
import socket
import struct
import sys
import time

import cbor2
import msgpack
import ubjson

SERIALIZER_IDS = {"json": 1, "msgpack": 2, "cbor": 3, "ubjson": 4}


def encode(serializer, obj):
    if serializer == "json":
        return json.dumps(obj, separators=(",", ":")).encode()
    if serializer == "msgpack":
        return msgpack.packb(obj, use_bin_type=True)
    if serializer == "ubjson":
        return ubjson.dumpb(obj)
    return cbor2.dumps(obj)


def decode(serializer, data):
    if serializer == "json":
        return json.loads(data.decode("utf-8"))
    if serializer == "msgpack":
        return msgpack.unpackb(data, raw=False)
    if serializer == "ubjson":
        return ubjson.loadb(data)
    return cbor2.loads(data)


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed by router after {} of {} bytes".format(len(buf), n))
        buf += chunk
    return buf


def send(sock, serializer, obj):
    payload = encode(serializer, obj)
    sock.sendall(struct.pack("!L", len(payload)) + payload)
    print(">> {} ({} bytes) {}".format(json.dumps(obj), len(payload), payload.hex()))


def receive(sock, serializer):
    header = read_exact(sock, 4)
    frame_type = header[0] & 0x07
    length = struct.unpack("!L", b"\0" + header[1:])[0]
    payload = read_exact(sock, length)
    kind = {0: "message", 1: "PING", 2: "PONG"}.get(frame_type, "type {}".format(frame_type))
    print("<< frame {} header={} ({} bytes) {}".format(kind, header.hex(), length, payload.hex()))
    if frame_type == 0:
        try:
            msg = decode(serializer, payload)
            print("   decoded: {!r}".format(msg))
            return msg
        except Exception as e:  # show undecodable payloads, do not stop
            print("   NOT DECODABLE as {}: {}".format(serializer, e))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--tcp", help="HOST:PORT")
    where.add_argument("--unix", help="socket path")
    ap.add_argument("--serializer", choices=sorted(SERIALIZER_IDS), default="json")
    ap.add_argument("--realm", default="realm1")
    ap.add_argument("--max-length-exp", type=int, default=15, help="RawSocket LENGTH nibble (0..15)")
    ap.add_argument("--no-hello", action="store_true")
    ap.add_argument("--linger", type=float, default=1.0)
    ap.add_argument("messages", nargs="*")
    a = ap.parse_args()

    if a.tcp:
        host, port = a.tcp.rsplit(":", 1)
        sock = socket.create_connection((host, int(port)), timeout=5)
    else:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(5)
        sock.connect(a.unix)

    hs = bytes([0x7F, (a.max_length_exp << 4) | SERIALIZER_IDS[a.serializer], 0, 0])
    sock.sendall(hs)
    print(">> handshake {}".format(hs.hex()))
    reply = read_exact(sock, 4)
    print("<< handshake {} (serializer {}, max length 2**{}){}".format(
        reply.hex(), reply[1] & 0x0F, 9 + (reply[1] >> 4),
        "" if reply[0] == 0x7F else "  BAD MAGIC"))
    if reply[1] & 0x0F == 0:
        print("   router refused: error code {}".format(reply[1] >> 4))
        return 1

    try:
        if not a.no_hello:
            send(sock, a.serializer, [1, a.realm, {"roles": {"caller": {}, "callee": {}, "publisher": {}, "subscriber": {}}}])
            receive(sock, a.serializer)
        for m in a.messages:
            send(sock, a.serializer, json.loads(m))
        deadline = time.monotonic() + a.linger
        while time.monotonic() < deadline:
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                receive(sock, a.serializer)
            except socket.timeout:
                break
    except EOFError as e:
        print("-- {}".format(e))
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
