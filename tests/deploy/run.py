#!/usr/bin/python3
"""Runs the deployment tests with pytest; the last line printed is

    DEPLOY: N passed, M failed

Usage: /usr/bin/python3 tests/deploy/run.py [--junitxml FILE] [pytest args...]
Needs: scripts/build.sh and scripts/package.sh run first (artifacts/publish, artifacts/packages).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..")))

import pytest_suite  # noqa: E402  (found through the path set above)

if __name__ == "__main__":
    sys.exit(pytest_suite.main(sys.argv[1:], HERE, "DEPLOY", "deploy"))
