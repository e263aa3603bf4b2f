"""docs/serial.md promises firmware authors a C implementation of the `cobs`
framing that works as printed: extract it from the page, compile it with the
system C compiler, and check it against the page's own hex examples and the
CRC check value."""

import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "..", "docs", "serial.md")

MAIN = r"""
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>
uint16_t crc16(const uint8_t *data, size_t len);
size_t cobs_packet(const uint8_t *p, size_t len, uint8_t *out);
long cobs_unpacket(uint8_t *buf, size_t len);
static void show(const uint8_t *b, size_t n) { for (size_t i = 0; i < n; i++) printf("%s%02X", i ? " " : "", b[i]); printf("\n"); }
int main(void) {
    uint8_t out[700], units[5][32];
    static const char *hex[5] = { UNITS };
    printf("%04X\n", crc16((const uint8_t *)"123456789", 9));
    for (int u = 0; u < 5; u++) {
        size_t n = 0; const char *h = hex[u];
        while (*h) { if (*h == ' ') { h++; continue; } unsigned v; sscanf(h, "%2X", &v); units[u][n++] = (uint8_t)v; h += 2; }
        size_t w = cobs_packet(units[u], n, out); show(out, w);
        long back = cobs_unpacket(out, w - 1);
        printf("%s\n", back == (long)n && memcmp(out, units[u], n) == 0 ? "roundtrip" : "BROKEN");
        w = cobs_packet(units[u], n, out); out[1] ^= 0x10;
        printf("%s\n", cobs_unpacket(out, w - 1) < 0 ? "dropped" : "ACCEPTED");
    }
    uint8_t big[600]; for (int i = 0; i < 600; i++) big[i] = (uint8_t)(i % 251 + 1);
    size_t w = cobs_packet(big, 600, out);
    printf("%s\n", cobs_unpacket(out, w - 1) == 600 && memcmp(out, big, 600) == 0 ? "roundtrip" : "BROKEN");
    return 0;
}
"""


def test_the_c_code_of_the_page_compiles_and_produces_the_pages_examples():
    with open(DOC, encoding="utf-8") as f:
        page = f.read()
    blocks = re.findall(r"```c\n(.*?)```", page, re.S)
    assert len(blocks) == 1, "docs/serial.md should have exactly one C block"
    examples = re.findall(r"^\| [^|]+ \| `([0-9A-F ]+)` \| `([0-9A-F ]+)` \| `([0-9A-F ]+)` \|$", page, re.M)
    assert len(examples) == 5, examples

    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "serial_frame.c"), "w") as f:
            f.write(blocks[0])
        with open(os.path.join(work, "main.c"), "w") as f:
            f.write(MAIN.replace("UNITS", ", ".join('"{}"'.format(unit) for unit, _, _ in examples)))
        exe = os.path.join(work, "check")
        build = subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", exe,
                                os.path.join(work, "main.c"), os.path.join(work, "serial_frame.c")],
                               capture_output=True, text=True, timeout=60)
        assert build.returncode == 0, build.stderr
        lines = subprocess.run([exe], capture_output=True, text=True, timeout=10, check=True).stdout.splitlines()

    assert lines[0] == "29B1"
    for i, (_, crc, wire) in enumerate(examples):
        assert lines[1 + 3 * i] == wire, (i, lines[1 + 3 * i], wire)
        assert crc.replace(" ", "") in wire.replace(" ", ""), (crc, wire)
        assert lines[2 + 3 * i] == "roundtrip"
        assert lines[3 + 3 * i] == "dropped"
    assert lines[-1] == "roundtrip"
