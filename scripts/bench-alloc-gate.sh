#!/usr/bin/env bash
# The allocation gate: fails when a hot-path benchmark allocates more than its baseline allows.
#
#   scripts/bench-alloc-gate.sh            # check against tests/EdgeWamp.Benchmarks/allocation-baseline.json
#   scripts/bench-alloc-gate.sh --update   # rewrite the baseline from this run (review the diff before committing)
#
# Runs every benchmark of tests/EdgeWamp.Benchmarks that lies on a hot path (encode and decode of each message type
# in each serializer, transcoding, subscription and registration lookup, fan-out) in one short in-process
# BenchmarkDotNet job with the memory diagnoser: one warm-up and one measured iteration of 65,536 operations each.
# Allocation counts are deterministic, so that measures them exactly; the times it prints are rough.
# JSON and CSV results go to artifacts/alloc-gate/results/. Prints one line per failure and a last line
#
#   alloc-gate: N within baseline, N failed
#
# Exit status 0 only when every benchmark ran and none allocated more than its baseline. About 1.5 minutes of CPU
# (2 minutes expected on a quiet 2-core machine; 6 minutes at load average 30).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINE="$ROOT/tests/EdgeWamp.Benchmarks/allocation-baseline.json"

# JIT tiering off: the gate measures allocations, not speed, and a background tier-up is one less thing running.
export DOTNET_TieredCompilation=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$ROOT/tests/EdgeWamp.Benchmarks" -c Release --nologo -v quiet >/dev/null
cd "$ROOT"
exec dotnet run -c Release --no-build --project "$ROOT/tests/EdgeWamp.Benchmarks" -- \
    alloc-gate --baseline "$BASELINE" --artifacts "$ROOT/artifacts/alloc-gate" "$@"
