#!/usr/bin/python3
"""Run the deployment tests with pytest; the last line printed is

    DEPLOY: N passed, M failed

(counted from the JUnit XML the same way as the interop suite). Exits 0 only
if at least one test ran and none failed.

Usage: /usr/bin/python3 tests/deploy/run.py [--junitxml FILE] [pytest args...]
Needs: scripts/build.sh and scripts/package.sh run first (artifacts/publish, artifacts/packages).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "interop", "python"))

from run import count  # noqa: E402  (tests/interop/python/run.py)


def main(argv):
    args = list(argv)
    junit = os.path.join(REPO, "artifacts", "test-results", "deploy", "junit.xml")
    if "--junitxml" in args:
        i = args.index("--junitxml")
        junit = args[i + 1]
        del args[i:i + 2]
    os.makedirs(os.path.dirname(os.path.abspath(junit)), exist_ok=True)
    if os.path.exists(junit):
        os.remove(junit)
    os.environ.pop("AUTOBAHN_USE_UJSON", None)
    sys.dont_write_bytecode = True

    import pytest
    code = pytest.main([HERE, "-p", "no:cacheprovider", "-o", "junit_family=xunit2",
                        "--junitxml", junit, "-ra"] + args)
    passed = failed = skipped = 0
    if os.path.exists(junit):
        passed, failed, skipped = count(junit)
    if code not in (0, 1, 5) and failed == 0:
        failed = 1
    suffix = ", {} skipped".format(skipped) if skipped else ""
    print("JUnit XML: {}".format(junit))
    print("DEPLOY: {} passed, {} failed{}".format(passed, failed, suffix))
    return 0 if failed == 0 and passed > 0 and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
