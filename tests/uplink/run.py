#!/usr/bin/python3
"""Runs the uplink suite with pytest; the last line printed is

    UPLINK: N passed, M failed

Usage: /usr/bin/python3 tests/uplink/run.py [--junitxml FILE] [pytest args...]
Environment: EDGEWAMP_BIN (router binary).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..")))

import pytest_suite  # noqa: E402  (found through the path set above)

if __name__ == "__main__":
    sys.exit(pytest_suite.main(sys.argv[1:], HERE, "UPLINK", "uplink"))
