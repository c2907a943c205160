#!/usr/bin/env bash
# What hyper profile costs, against the issue's targets (a benchmark: run it on a quiet machine):
#   1. slowdown at the default 1 ms interval on particles simd and Julia threads (target ≤ 5 %): ROUNDS rounds, each
#      one plain `hyper run` and one `hyper profile` of the same rung and spec, alternating; the medians of the runs'
#      own medians are compared (the profiled child reports its timing in `hyper profile --json`'s `run`);
#   2. symbol and line resolution of a 10 s, 2-thread profile (target < 2 s): `hyper profile --pid` for 10 s on a
#      `hyper run julia --rung threads --threads 2` at a size that keeps it busy, then `resolve_seconds` (reading the
#      trace, naming every frame, mapping the hot methods' lines).
#   scripts/profiler-overhead.sh [ROUNDS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true
rounds=${1:-5}
out=artifacts/profiler-overhead
dotnet build src/HyperSharp.Cli -c Release -o "$out/hyper" -v quiet -nologo >/dev/null
hyper=(dotnet "$out/hyper/hyper.dll")
py=$(command -v python3)

median() { "$py" -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
field() { "$py" -c 'import sys, json; d = json.load(sys.stdin); print(eval("d" + sys.argv[1]))' "$1"; }

echo "| rung | spec | plain median | profiled median | slowdown | rounds |"
echo "|---|---|---|---|---|---|"
while IFS='|' read -r system rung spec; do
  plain=(); profiled=()
  for ((i = 0; i < rounds; i++)); do
    # shellcheck disable=SC2086 # the spec is words
    plain+=("$("${hyper[@]}" run "$system" --rung "$rung" $spec --json 2>/dev/null | field '["seconds"]')")
    # shellcheck disable=SC2086
    profiled+=("$("${hyper[@]}" profile "$system" --rung "$rung" $spec --json 2>/dev/null | field '["run"]["median_seconds"]')")
  done
  p=$(median "${plain[@]}"); q=$(median "${profiled[@]}")
  "$py" -c 'import sys; p, q = float(sys.argv[1]), float(sys.argv[2]); print(f"| {sys.argv[3]} | {sys.argv[4]} | {p*1e3:.3f} ms | {q*1e3:.3f} ms | {100*(q/p-1):+.1f} % | {sys.argv[5]} |")' \
    "$p" "$q" "$system $rung" "$spec" "$rounds"
done <<'CASES'
particles|simd|--count 100000 --time 0.01
julia|threads|--width 1000 --maxiter 300 --threads 2
CASES

echo
# A run long enough to be sampled for 10 s after start-up (8000² points, up to 1000 iterations, several runs).
"${hyper[@]}" run julia --rung threads --threads 2 --width 8000 --maxiter 1000 --json >/dev/null 2>&1 &
busy=$!
trap 'kill "$busy" 2>/dev/null || true' EXIT
sleep 3
json=$("${hyper[@]}" profile --pid "$busy" --duration 10s --json 2>/dev/null)
kill "$busy" 2>/dev/null || true
wait "$busy" 2>/dev/null || true
echo "$json" | "$py" -c 'import sys, json; d = json.load(sys.stdin); n, t, r = d["samples"], d["duration_seconds"], d["resolve_seconds"]; print(f"10 s profile of 2 threads (--pid): {n:,} samples over {t:.1f} s; trace read, symbols and lines resolved in {r:.2f} s")'
