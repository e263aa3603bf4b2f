#!/usr/bin/env bash
# Build EdgeWamp and run every test suite.
#
#   scripts/test.sh
#
# On a fresh Debian 12 machine with the .NET 10 SDK it installs what the
# tests need (apt, only when something is missing), builds the solution in
# Release, and runs each suite in SUITES below. Every suite reports how many
# tests passed and failed; the last line printed is always
#
#   N passed, N failed
#
# summed over all suites. The exit status is non-zero if any test failed or
# any step (install, build, a test runner) failed.
#
# Results (trx, JUnit XML, logs) go to $EDGEWAMP_TEST_RESULTS
# (default: artifacts/test-results).
#
# Adding a suite: write a function suite_<name> that runs it and calls
# `record <name> <passed> <failed>` (or `step_failed "<why>"` when the runner
# itself broke), then add <name> to SUITES.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOLUTION="$ROOT/EdgeWamp.sln"
RESULTS="${EDGEWAMP_TEST_RESULTS:-$ROOT/artifacts/test-results}"
EDGEWAMP_BIN="${EDGEWAMP_BIN:-$ROOT/src/EdgeWamp.Host/bin/Release/net10.0/edgewamp}"
PYTHON=/usr/bin/python3   # Debian's: the apt python3-* packages live there

APT_PACKAGES=(python3-autobahn python3-cbor2 python3-msgpack python3-ubjson python3-ujson python3-pytest
              python3-nacl python3-argon2 python3-passlib   # authentication interop: cryptosign, WAMP-SCRAM
              python3-jwt python3-cryptography              # authentication interop: JWT bearer tokens, keys
              qemu-user shellcheck systemd    # these three for the deploy suite (tests/deploy)
              mosquitto mosquitto-clients     # the MQTT uplink tests (tests/uplink)
              iproute2                        # tests/interop/python/test_devices.py: loopback in a private netns
              chromium curl openssl)          # for the node_interop suite (tests/interop/node)
SUITES=(dotnet python_interop node_interop serial uplink deploy python_interop_aot serial_aot uplink_aot alloc_gate)

# Upper bounds for each runner, in seconds (CI gives the whole run 90 minutes).
DOTNET_TEST_TIMEOUT=1200   # per test project
INTEROP_TIMEOUT=900
NODE_INTEROP_TIMEOUT=600
SERIAL_TIMEOUT=600
UPLINK_TIMEOUT=600
AOT_BUILD_TIMEOUT=1800     # scripts/build.sh: both Native AOT publishes (about 2 minutes here)
DEPLOY_TIMEOUT=900
ALLOC_GATE_TIMEOUT=900     # scripts/bench-alloc-gate.sh (about 2 minutes on an idle machine)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

TOTAL_PASSED=0
TOTAL_FAILED=0
SUITE_LINES=()
PROBLEMS=()
TEST_PROJECTS=()

log() { printf '\n==> %s\n' "$*"; }

step_failed() {
    PROBLEMS+=("$*")
    printf 'ERROR: %s\n' "$*"
}

# record SUITE PASSED FAILED
record() {
    TOTAL_PASSED=$((TOTAL_PASSED + $2))
    TOTAL_FAILED=$((TOTAL_FAILED + $3))
    SUITE_LINES+=("$(printf '%-16s %s passed, %s failed' "$1" "$2" "$3")")
    printf '%s: %s passed, %s failed\n' "$1" "$2" "$3"
}

# Printed however the script ends (also on an unexpected error under set -e).
finish() {
    local status=$?
    trap - EXIT
    if ((status != 0)) && ((${#PROBLEMS[@]} == 0)); then
        PROBLEMS+=("scripts/test.sh stopped unexpectedly (exit status $status)")
    fi
    printf '\n==> Summary\n'
    local line
    for line in "${SUITE_LINES[@]}"; do printf '  %s\n' "$line"; done
    for line in "${PROBLEMS[@]}"; do printf '  FAILED STEP: %s\n' "$line"; done
    printf '%s passed, %s failed\n' "$TOTAL_PASSED" "$TOTAL_FAILED"
    if ((status == 0 && TOTAL_FAILED == 0 && ${#PROBLEMS[@]} == 0)); then
        exit 0
    fi
    exit 1
}
trap finish EXIT

# --- setup -------------------------------------------------------------------

install_apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        log "apt packages: all present (${APT_PACKAGES[*]})"
        return 0
    fi
    log "apt packages: installing ${missing[*]}"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
    if ((EUID != 0)); then apt=(sudo "${apt[@]}"); fi
    "${apt[@]}" update -q || return 1
    "${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    log "dotnet build (Release)"
    dotnet build "$SOLUTION" -c Release
}

# --- suites ------------------------------------------------------------------

# trx_counter FILE ATTRIBUTE -> the number in <Counters ATTRIBUTE="N" .../>, 0 if absent
trx_counter() {
    local value
    value="$(grep -o '<Counters [^>]*>' "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9][0-9]*' | head -n 1 || true)"
    printf '%s' "${value:-0}"
}

# TEST_PROJECTS := the solution's projects with IsTestProject=true.
find_test_projects() {
    local all=() proj value
    TEST_PROJECTS=()
    mapfile -t all < <(dotnet sln "$SOLUTION" list | grep '\.csproj$')
    for proj in "${all[@]}"; do
        if ! value="$(dotnet msbuild "$ROOT/$proj" -getProperty:IsTestProject)"; then
            step_failed "could not evaluate $proj (is it a test project?)"
            continue
        fi
        if [[ "$value" == true ]]; then TEST_PROJECTS+=("$proj"); fi
    done
}

# Every test project of the solution, one `dotnet test` each, so that each
# writes its own <Project>.trx: on a whole-solution run VSTest names the trx
# files by a timestamp of one-second resolution, and two projects finishing in
# the same second overwrite each other's results.
suite_dotnet() {
    local dir="$RESULTS/dotnet" proj name trx status p f passed=0 failed=0
    rm -rf "$dir"
    mkdir -p "$dir"
    find_test_projects
    log "dotnet test: ${#TEST_PROJECTS[@]} test projects in $(basename "$SOLUTION")"
    if ((${#TEST_PROJECTS[@]} == 0)); then
        step_failed "dotnet test: no test project found in $SOLUTION"
    fi
    for proj in "${TEST_PROJECTS[@]}"; do
        name="$(basename "$proj" .csproj)"
        trx="$dir/$name.trx"
        status=0
        timeout --kill-after=30 "$DOTNET_TEST_TIMEOUT" \
            dotnet test "$ROOT/$proj" -c Release --no-build \
            --logger "trx;LogFileName=$name.trx" --results-directory "$dir" || status=$?
        if [[ ! -f "$trx" ]]; then
            step_failed "dotnet test $name wrote no $trx (exit status $status)"
            continue
        fi
        p=$(trx_counter "$trx" passed)
        f=$(($(trx_counter "$trx" failed) + $(trx_counter "$trx" error) \
            + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted)))
        printf '%s: %s passed, %s failed\n' "$name" "$p" "$f"
        passed=$((passed + p))
        failed=$((failed + f))
        if ((status != 0)) && ((f == 0)); then
            step_failed "dotnet test $name exited with status $status but its trx shows no failed test"
        fi
    done
    record dotnet "$passed" "$failed"
}

suite_python_interop() {
    python_interop_against python_interop "$EDGEWAMP_BIN" "$RESULTS/interop-python"
}

# pytest_runner_against SUITE NAME RUNNER TIMEOUT BINARY DIR: one of the pytest runners (tests/pytest_suite.py
# prints "NAME: N passed, N failed" last) against BINARY, recorded as SUITE.
pytest_runner_against() {
    local suite="$1" name="$2" runner="$3" limit="$4" binary="$5" dir="$6" status=0 counts
    rm -rf "$dir"
    mkdir -p "$dir"
    EDGEWAMP_BIN="$binary" timeout --kill-after=30 "$limit" \
        "$PYTHON" "$runner" --junitxml "$dir/junit.xml" 2>&1 \
        | tee "$dir/output.log" || status=$?
    counts="$(sed -n "s/^$name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p" "$dir/output.log" | tail -n 1)"
    if [[ -z "$counts" ]]; then
        record "$suite" 0 0
        step_failed "$suite: the runner printed no $name summary (exit status $status)"
        return
    fi
    # shellcheck disable=SC2086  # two numbers, split on purpose
    record "$suite" $counts
    if ((status != 0)) && [[ "${counts#* }" == 0 ]]; then
        step_failed "$suite: the $name runner exited with status $status"
    fi
}

# python_interop_against SUITE BINARY DIR: the autobahn interop suite against BINARY, recorded as SUITE.
python_interop_against() {
    log "interop: python3-autobahn against $2"
    pytest_runner_against "$1" INTEROP "$ROOT/tests/interop/python/run.py" "$INTEROP_TIMEOUT" "$2" "$3"
}

# The Node suite (tests/interop/node): autobahn-js and wampy over WebSocket with each serializer, cross-transport
# routing with python3-autobahn over RawSocket, and a headless Chromium page using autobahn-browser. npm packages
# come from the committed package-lock.json; the browser is Debian's chromium, never a download. `npm install`,
# not `npm ci`: ci insists on every optional native add-on of cbor-extract/msgpackr-extract (they have pure-JS
# fallbacks), and a registry mirror without one of them would fail the whole suite.
suite_node_interop() {
    local dir="$RESULTS/interop-node" node_dir="$ROOT/tests/interop/node" status=0 passed failed cancelled
    rm -rf "$dir"
    mkdir -p "$dir"
    log "interop: Node (autobahn-js, wampy, Chromium) against $EDGEWAMP_BIN"
    if ! command -v npm >/dev/null; then
        local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
        if ((EUID != 0)); then apt=(sudo "${apt[@]}"); fi
        "${apt[@]}" install -y -q --no-install-recommends nodejs npm || { step_failed "node_interop: installing nodejs and npm"; return 0; }
    fi
    if ! (cd "$node_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund 2>&1 | tee "$dir/npm.log"); then
        step_failed "node_interop: npm install failed (log: $dir/npm.log)"
        return 0
    fi
    (cd "$node_dir" && EDGEWAMP_BIN="$EDGEWAMP_BIN" timeout --kill-after=30 "$NODE_INTEROP_TIMEOUT" \
        node --test --test-reporter=tap 2>&1) | tee "$dir/output.log" || status=$?
    passed="$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$dir/output.log" | tail -n 1)"
    failed="$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$dir/output.log" | tail -n 1)"
    if [[ -z "$passed" || -z "$failed" ]]; then
        record node_interop 0 0
        step_failed "node_interop: node --test printed no pass/fail counts (exit status $status)"
        return 0
    fi
    # Cancelled tests (a hung file, the timeout) count as failed.
    cancelled="$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$dir/output.log" | tail -n 1)"
    failed=$((failed + ${cancelled:-0}))
    record node_interop "$passed" "$failed"
    if ((status != 0)) && ((failed == 0)); then
        step_failed "node_interop: node --test exited with status $status"
    fi
}

# scripts/build.sh once per run (both Native AOT publishes), for the suites that need the binaries.
AOT_BUILD_STATUS=
aot_build() {
    if [[ -z "$AOT_BUILD_STATUS" ]]; then
        AOT_BUILD_STATUS=0
        mkdir -p "$RESULTS/deploy"
        timeout --kill-after=30 "$AOT_BUILD_TIMEOUT" "$ROOT/scripts/build.sh" 2>&1 \
            | tee "$RESULTS/deploy/build.log" || AOT_BUILD_STATUS=$?
        if ((AOT_BUILD_STATUS != 0)); then
            step_failed "scripts/build.sh failed (exit status $AOT_BUILD_STATUS; log: $RESULTS/deploy/build.log)"
        fi
    fi
    return "$AOT_BUILD_STATUS"
}

# The deployment tests (tests/deploy): the arm64 binary under qemu, sd_notify, signals, socket activation,
# the .deb packages and the systemd units.
suite_deploy() {
    local dir="$RESULTS/deploy" status=0 counts
    log "deploy: Native AOT build, Debian packages, tests/deploy"
    aot_build || return 0
    if ! "$ROOT/scripts/package.sh" 2>&1 | tee "$dir/package.log"; then
        step_failed "scripts/package.sh failed (log: $dir/package.log)"
        return 0
    fi
    timeout --kill-after=30 "$DEPLOY_TIMEOUT" "$PYTHON" "$ROOT/tests/deploy/run.py" --junitxml "$dir/junit.xml" 2>&1 \
        | tee "$dir/output.log" || status=$?
    counts="$(sed -n 's/^DEPLOY: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' "$dir/output.log" | tail -n 1)"
    if [[ -z "$counts" ]]; then
        record deploy 0 0
        step_failed "deploy: the runner printed no DEPLOY summary (exit status $status)"
        return 0
    fi
    # shellcheck disable=SC2086  # two numbers, split on purpose
    record deploy $counts
    if ((status != 0)) && [[ "${counts#* }" == 0 ]]; then
        step_failed "deploy: the runner exited with status $status"
    fi
}

# The same interop suite as python_interop, against the linux-x64 Native AOT binary.
suite_python_interop_aot() {
    aot_build || return 0
    python_interop_against python_interop_aot "$ROOT/artifacts/publish/linux-x64/edgewamp" "$RESULTS/interop-python-aot"
}

# serial_against SUITE BINARY DIR: the serial suite (tests/serial: microcontrollers and line devices on
# pseudo-terminals, autobahn over TCP) against BINARY, recorded as SUITE.
serial_against() {
    log "serial: pty devices against $2"
    pytest_runner_against "$1" SERIAL "$ROOT/tests/serial/run.py" "$SERIAL_TIMEOUT" "$2" "$3"
}

suite_serial() {
    serial_against serial "$EDGEWAMP_BIN" "$RESULTS/serial"
}

# uplink_against SUITE BINARY DIR: the uplink suite (tests/uplink: two edgewamp processes linked over WAMP, and
# one linked to mosquitto) against BINARY, recorded as SUITE.
uplink_against() {
    log "uplink: WAMP and MQTT uplinks against $2"
    pytest_runner_against "$1" UPLINK "$ROOT/tests/uplink/run.py" "$UPLINK_TIMEOUT" "$2" "$3"
}

suite_uplink() {
    uplink_against uplink "$EDGEWAMP_BIN" "$RESULTS/uplink"
}

# The uplink suite against the linux-x64 Native AOT binary: MQTTnet and the client under AOT.
suite_uplink_aot() {
    aot_build || return 0
    uplink_against uplink_aot "$ROOT/artifacts/publish/linux-x64/edgewamp" "$RESULTS/uplink-aot"
}

# The serial suite against the linux-x64 Native AOT binary: the libc interop of the serial transport under AOT.
suite_serial_aot() {
    aot_build || return 0
    serial_against serial_aot "$ROOT/artifacts/publish/linux-x64/edgewamp" "$RESULTS/serial-aot"
}

# The allocation gate (scripts/bench-alloc-gate.sh): one pass per hot-path benchmark that allocates no more than
# tests/EdgeWamp.Benchmarks/allocation-baseline.json allows, one failure per benchmark above it.
suite_alloc_gate() {
    local dir="$RESULTS/alloc-gate" status=0 counts
    rm -rf "$dir"
    mkdir -p "$dir"
    log "alloc-gate: hot-path benchmarks against their allocation baseline"
    timeout --kill-after=30 "$ALLOC_GATE_TIMEOUT" "$ROOT/scripts/bench-alloc-gate.sh" >"$dir/output.log" 2>&1 || status=$?
    grep -E '^(FAIL|alloc-gate:)' "$dir/output.log" || true
    counts="$(sed -n 's/^alloc-gate: \([0-9][0-9]*\) within baseline, \([0-9][0-9]*\) failed$/\1 \2/p' "$dir/output.log" | tail -n 1)"
    if [[ -z "$counts" ]]; then
        record alloc_gate 0 0
        step_failed "alloc_gate: the gate printed no summary (exit status $status); log: $dir/output.log"
        return
    fi
    # shellcheck disable=SC2086  # two numbers, split on purpose
    record alloc_gate $counts
    if ((status != 0)) && [[ "${counts#* }" == 0 ]]; then
        step_failed "alloc_gate: the gate exited with status $status"
    fi
}

# --- main --------------------------------------------------------------------

cd "$ROOT"
mkdir -p "$RESULTS"

if ! install_apt_packages; then
    step_failed "installing apt packages (${APT_PACKAGES[*]})"
fi

if build; then
    for suite in "${SUITES[@]}"; do
        "suite_$suite"
    done
else
    step_failed "dotnet build failed: no test suite ran"
fi
# finish (the EXIT trap) prints the summary and sets the exit status
