"""pytest fixtures for the deployment tests (see README.md beside this file)."""

import os
import shutil
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import edgewamp_process  # noqa: E402

# The autobahn client helper of the interop suite, with its fix for autobahn 22.7's asyncio RawSocket client.
sys.path.insert(0, edgewamp_process.INTEROP)

import wamp_client  # noqa: E402,F401  (selects asyncio for txaio)
import txaio  # noqa: E402
txaio.start_logging(level="warn")


@pytest.fixture
def workdir():
    # Short: a Unix socket path must fit in 108 bytes.
    path = tempfile.mkdtemp(prefix="ew-deploy-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def processes():
    """Append every Edgewamp started; each is stopped (by PID) after the test, pass or fail."""
    started = []
    yield started
    for process in started:
        process.stop()


def require_file(path, what):
    """Fails (never skips) when a build product the suite needs is missing."""
    if not os.path.isfile(path):
        pytest.fail("{} not found: {} (scripts/build.sh and scripts/package.sh make it)".format(what, path),
                    pytrace=False)
