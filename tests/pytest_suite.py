"""Runs one pytest suite of the repository and prints a machine-readable summary as the last line:

    LABEL: N passed, M failed

(a test whose setup or teardown errored counts as failed), and writes JUnit XML (default:
artifacts/test-results/<results_name>/junit.xml). Exits 0 only if at least one test ran and none failed.
Shared by tests/interop/python/run.py and tests/serial/run.py.
"""

import os
import sys
import xml.etree.ElementTree as ET

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def count(junit_path):
    # pytest writes a second <testcase> with the same name when a passed or
    # failed test also errors in teardown: merge them, worst outcome wins.
    outcome = {}
    root = ET.parse(junit_path).getroot()
    for case in root.iter("testcase"):
        key = (case.get("classname"), case.get("name"))
        tags = {child.tag for child in case}
        state = 2 if tags & {"failure", "error"} else 1 if "skipped" in tags else 0
        outcome[key] = max(outcome.get(key, 0), state)
    passed = sum(1 for v in outcome.values() if v == 0)
    skipped = sum(1 for v in outcome.values() if v == 1)
    failed = sum(1 for v in outcome.values() if v == 2)
    # errors outside any test case (e.g. collection errors) have no testcase element
    for suite in root.iter("testsuite"):
        cases = len(suite.findall("testcase"))
        if cases == 0:
            failed += int(suite.get("errors", "0")) + int(suite.get("failures", "0"))
    return passed, failed, skipped


def main(argv, suite_dir, label, results_name):
    args = list(argv)
    junit = None
    if "--junitxml" in args:
        i = args.index("--junitxml")
        junit = args[i + 1]
        del args[i:i + 2]
    if junit is None:
        junit = os.path.join(REPO, "artifacts", "test-results", results_name, "junit.xml")
    os.makedirs(os.path.dirname(os.path.abspath(junit)), exist_ok=True)
    if os.path.exists(junit):
        os.remove(junit)

    # autobahn must not swap in ujson: it would lose the JSON binary convention.
    os.environ.pop("AUTOBAHN_USE_UJSON", None)
    sys.dont_write_bytecode = True

    import pytest
    code = pytest.main([suite_dir, "-p", "no:cacheprovider", "-o", "junit_family=xunit2",
                        "--junitxml", junit, "-ra"] + args)

    passed = failed = skipped = 0
    if os.path.exists(junit):
        passed, failed, skipped = count(junit)
    if code not in (0, 1, 5) and failed == 0:
        failed = 1   # pytest itself failed (usage error, internal error, pytest.exit): count it
    suffix = ", {} skipped".format(skipped) if skipped else ""
    print("JUnit XML: {}".format(junit))
    print("{}: {} passed, {} failed{}".format(label, passed, failed, suffix))
    return 0 if failed == 0 and passed > 0 and code == 0 else 1


