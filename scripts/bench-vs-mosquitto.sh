#!/usr/bin/env bash
# EdgeWamp side by side with Mosquitto, on this machine, in one run (issue 9).
#
#   scripts/bench-vs-mosquitto.sh [--quick]
#
# Runs each scenario of the load tool (tests/EdgeWamp.LoadTool) against Debian's mosquitto (MQTT 3.1.1, QoS 0)
# and against the edgewamp Native AOT binary (WAMP RawSocket, CBOR), alternating broker by broker, each broker
# started fresh for each scenario on a free loopback port and stopped after it. Prints a table with the ratios and
# the targets, and saves every JSON result to artifacts/bench/bench-vs-mosquitto-<UTC time>.json.
#
# Scenarios: fan-out 1 -> N subscribers (N = 1, 10, 100; 64 B and 1 KB), one-way latency at a fixed rate, RPC with
# 16 callers (EdgeWamp only: MQTT has no calls), 10,000 sessions each holding a subscription, the idle broker.
#
# Bounded: about 6 minutes with the defaults (every load-tool run also has a hard timeout). --quick: 2 s runs,
# 1,000 sessions, 10 s idle (about 1.5 minutes), to check that everything works.
#
# Environment: EDGEWAMP_BIN (default artifacts/publish/linux-x64/edgewamp, built with scripts/build.sh when
# missing), EDGEWAMP_LOAD_BIN (default artifacts/publish/loadtool-linux-x64/edgewamp-load, published when missing),
# BENCH_DURATION (s per throughput run, default 5), BENCH_SESSIONS (default 10000), BENCH_IDLE (s, default 60),
# BENCH_RATE (latency publish rate, default 10000).
#
# Needs: root or sudo for apt when mosquitto is missing, /usr/bin/python3 (Debian's) for the summary.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/artifacts/bench"
EDGEWAMP_BIN="${EDGEWAMP_BIN:-$ROOT/artifacts/publish/linux-x64/edgewamp}"
LOAD_BIN="${EDGEWAMP_LOAD_BIN:-$ROOT/artifacts/publish/loadtool-linux-x64/edgewamp-load}"
PYTHON=/usr/bin/python3

DURATION="${BENCH_DURATION:-5}"
SESSIONS="${BENCH_SESSIONS:-10000}"
IDLE="${BENCH_IDLE:-60}"
RATE="${BENCH_RATE:-10000}"
if [[ "${1:-}" == "--quick" ]]; then
    DURATION=2 SESSIONS=1000 IDLE=10
fi

# Hard upper bound for one load-tool run: its own duration plus setup and drain.
RUN_TIMEOUT=$((IDLE > DURATION ? IDLE + 120 : DURATION + 120))

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench-vs-mosquitto: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d /tmp/bench-vs-mosquitto.XXXXXX)"
BROKER_PID=""
cleanup() {
    stop_broker
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- prerequisites --------------------------------------------------------------------------------------------

MOSQUITTO="$(command -v mosquitto || true)"
[[ -n "$MOSQUITTO" ]] || MOSQUITTO=/usr/sbin/mosquitto
if [[ ! -x "$MOSQUITTO" ]]; then
    log "installing Debian's mosquitto"
    SUDO=""
    ((EUID == 0)) || SUDO=sudo
    $SUDO apt-get install -y mosquitto >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y mosquitto >/dev/null; }
    [[ -x "$MOSQUITTO" ]] || die "mosquitto is not installed"
fi

if [[ ! -x "$EDGEWAMP_BIN" ]]; then
    log "publishing edgewamp (scripts/build.sh linux-x64)"
    "$ROOT/scripts/build.sh" linux-x64 >&2
fi
if [[ ! -x "$LOAD_BIN" ]]; then
    log "publishing the load tool (Native AOT)"
    dotnet publish "$ROOT/tests/EdgeWamp.LoadTool" -c Release -r linux-x64 --artifacts-path "$ROOT/artifacts/aot-loadtool" \
        -o "$(dirname "$LOAD_BIN")" >&2
fi
[[ -x "$PYTHON" ]] || die "$PYTHON is needed for the summary"

# 10,000 sessions need 10,000 descriptors in the broker and as many in the tool.
HARD_LIMIT="$(ulimit -Hn)"
[[ "$HARD_LIMIT" == unlimited ]] && HARD_LIMIT=1048576
ulimit -n "$HARD_LIMIT" 2>/dev/null || true
if [[ "$(ulimit -n)" != unlimited ]] && (($(ulimit -n) < SESSIONS + 1024)); then
    die "ulimit -n is $(ulimit -n); $((SESSIONS + 1024)) descriptors are needed (raise the hard limit, or set BENCH_SESSIONS)"
fi

mkdir -p "$OUT"
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"

# --- brokers --------------------------------------------------------------------------------------------------

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_listening() {
    local port="$1" pid="$2"
    for _ in $(seq 1 200); do
        kill -0 "$pid" 2>/dev/null || die "the broker (pid $pid) exited at start; log: $WORK/broker.log"
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.05
    done
    die "the broker did not listen on port $port within 10 s"
}

# start_broker mosquitto|edgewamp: starts it on a fresh port; sets BROKER_PID and PORT.
start_broker() {
    PORT="$(free_port)"
    case "$1" in
        mosquitto)
            cat >"$WORK/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
max_connections -1
max_queued_messages 0
persistence false
log_dest none
EOF
            "$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 &
            ;;
        edgewamp)
            # The router alone, as Mosquitto is a broker alone: no board (the sim board's sensor, pins and system
            # metrics are in-process sessions of their own; docs/performance.md measures them separately).
            cat >"$WORK/edgewamp.json" <<EOF
{
  "board": "none",
  "devices": { "system": { "enabled": false } },
  "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
      "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"] } ] } ] } ],
  "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
  "listeners": [ { "tcp": "127.0.0.1:$PORT", "authMethods": ["anonymous"] } ],
  "limits": { "maxSessions": $((SESSIONS + 100)), "maxSessionsPerRealm": $((SESSIONS + 100)) }
}
EOF
            EDGEWAMP_LOG_LEVEL=Warning "$EDGEWAMP_BIN" run --config "$WORK/edgewamp.json" >"$WORK/broker.log" 2>&1 &
            ;;
    esac
    BROKER_PID=$!
    wait_listening "$PORT" "$BROKER_PID"
}

stop_broker() {
    if [[ -n "$BROKER_PID" ]]; then
        kill -TERM "$BROKER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$BROKER_PID" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$BROKER_PID" 2>/dev/null || true
        wait "$BROKER_PID" 2>/dev/null || true
        BROKER_PID=""
    fi
}

# measure BROKER CASE SCENARIO [ARGS...]: one load-tool run against a fresh broker; appends its JSON to RESULTS.
measure() {
    local broker="$1" case_name="$2" scenario="$3"
    shift 3
    local protocol=wamp
    [[ "$broker" == mosquitto ]] && protocol=mqtt
    start_broker "$broker"
    log "$case_name: $broker"
    local json
    if ! json="$(timeout "$RUN_TIMEOUT" "$LOAD_BIN" "$scenario" --protocol "$protocol" --port "$PORT" \
            --broker-pid "$BROKER_PID" "$@" 2>"$WORK/tool.log")"; then
        stop_broker
        cat "$WORK/tool.log" >&2
        die "$case_name against $broker failed (broker log: $(tail -n 5 "$WORK/broker.log" | tr '\n' ' '))"
    fi
    stop_broker
    "$PYTHON" -c 'import json, sys; r = json.loads(sys.argv[3]); r["broker"] = sys.argv[1]; r["case"] = sys.argv[2]; print(json.dumps(r))' \
        "$broker" "$case_name" "$json" >>"$RESULTS"
}

# both CASE SCENARIO [ARGS...]: the case against both brokers; which goes first alternates from case to case.
ORDER=0
both() {
    if ((ORDER++ % 2 == 0)); then
        measure mosquitto "$@"
        measure edgewamp "$@"
    else
        measure edgewamp "$@"
        measure mosquitto "$@"
    fi
}

# --- scenarios ------------------------------------------------------------------------------------------------

STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
LOAD_BEFORE="$(cut -d ' ' -f 1-3 /proc/loadavg)"

both "idle" idle --duration "$IDLE"
for payload in 64 1024; do
    for subscribers in 1 10 100; do
        both "fanout n=$subscribers ${payload}B" fanout --subscribers "$subscribers" --payload "$payload" --duration "$DURATION"
    done
done
both "latency ${RATE}/s 64B" latency --rate "$RATE" --payload 64 --duration "$DURATION"
measure edgewamp "rpc 16 callers" rpc --callers 16 --payload 64 --duration "$DURATION"
both "sessions $SESSIONS" sessions --sessions "$SESSIONS"

# --- summary --------------------------------------------------------------------------------------------------

REPORT="$OUT/bench-vs-mosquitto-$(date -u +%Y%m%dT%H%M%SZ).json"
"$PYTHON" - "$RESULTS" "$REPORT" "$STARTED" "$LOAD_BEFORE" "$(cut -d ' ' -f 1-3 /proc/loadavg)" "$(nproc)" <<'EOF'
import json, platform, sys

results_path, report_path, started, load_before, load_after, cpus = sys.argv[1:7]
results = [json.loads(line) for line in open(results_path)]
by_case = {}
for r in results:
    by_case.setdefault(r["case"], {})[r["broker"]] = r

rows = []  # case, metric, mosquitto, edgewamp, ratio, target, met
def compare(case, metric, key, higher_is_better, target_ratio=None, unit=""):
    pair = by_case.get(case, {})
    m, e = pair.get("mosquitto", {}).get(key), pair.get("edgewamp", {}).get(key)
    if m is None or e is None:
        return
    ratio = (e / m if higher_is_better else m / e) if m > 0 and e > 0 else float("nan")
    target, met = "", ""
    if target_ratio is not None:
        target = "ratio >= %.2g" % target_ratio
        met = "yes" if ratio >= target_ratio else "NO"
    rows.append((case, metric + unit, m, e, ratio, target, met))

for case in by_case:
    if case.startswith("fanout"):
        compare(case, "delivered events/s", "delivered_per_s", True, 6.0)
        compare(case, "events lost", "lost", False)
    elif case.startswith("latency"):
        compare(case, "one-way p50", "p50_us", False, 1.0, " (us)")
        compare(case, "one-way p99", "p99_us", False, 1.0, " (us)")
        compare(case, "one-way p99.9", "p999_us", False, None, " (us)")
    elif case.startswith("sessions"):
        compare(case, "time to connect all", "connect_seconds", False, None, " (s)")
        compare(case, "broker RSS", "broker_rss_kib", False, 1 / 1.5, " (KiB)")
    elif case == "idle":
        compare(case, "idle RSS", "broker_rss_kib", False, None, " (KiB)")
        compare(case, "idle CPU", "broker_cpu_percent", False, None, " (%)")

def fmt(v):
    if isinstance(v, float) and v != v:
        return "-"
    return "{:,.1f}".format(v) if isinstance(v, float) and abs(v) < 100 else "{:,.0f}".format(v)

print()
print("EdgeWamp vs Mosquitto, %s, %s CPUs, load average %s before / %s after" % (started, cpus, load_before, load_after))
print("ratio: how many times better EdgeWamp is (events/s: EdgeWamp / Mosquitto; latency, time, RSS: Mosquitto / EdgeWamp);")
print("above 1 EdgeWamp is better, below 1 Mosquitto is. Targets: fan-out >= 6, latency >= 1, RSS with sessions >= 0.67 (<= 1.5x)")
print()
print("| Case | Metric | Mosquitto | EdgeWamp | Ratio | Target | Met |")
print("|---|---|---:|---:|---:|---|---|")
for case, metric, m, e, ratio, target, met in rows:
    print("| %s | %s | %s | %s | %s | %s | %s |" % (case, metric, fmt(m), fmt(e), "-" if ratio != ratio else "%.2fx" % ratio, target, met))

rpc = by_case.get("rpc 16 callers", {}).get("edgewamp")
idle = by_case.get("idle", {}).get("edgewamp")
print()
if rpc:
    print("RPC, 16 callers -> 1 callee (EdgeWamp): %s calls/s (target >= 45,000: %s), round trip p50 %s us, p99 %s us; "
          "load tool CPU %s %%, router CPU %s %%" % (fmt(rpc["calls_per_s"]), "yes" if rpc["calls_per_s"] >= 45000 else "NO",
          fmt(rpc["p50_us"]), fmt(rpc["p99_us"]), fmt(rpc["tool_cpu_percent"]), fmt(rpc["broker_cpu_percent"])))
if idle:
    print("Idle RSS of the AOT binary: %s KiB (target <= 8,192 KiB: %s)" % (fmt(idle["broker_rss_kib"]), "yes" if idle["broker_rss_kib"] <= 8192 else "NO"))

report = {"started": started, "cpus": int(cpus), "load_before": load_before, "load_after": load_after,
          "machine": platform.platform(), "results": results,
          "comparison": [dict(zip(("case", "metric", "mosquitto", "edgewamp", "ratio", "target", "met"), row)) for row in rows]}
with open(report_path, "w") as f:
    json.dump(report, f, indent=2)
print()
print("saved: " + report_path)
EOF
