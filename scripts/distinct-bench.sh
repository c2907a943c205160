#!/usr/bin/env bash
# `hyper distinct` against `sort -u | wc -l` on two generated files of about 1 GB each:
#   short.txt  ~127 M short lines (numbers of 1 to 7 digits), 10,000,000 distinct: the per-line cost dominates
#   long.txt   ~16 M log-like lines of ~62 bytes, 5,000,000 distinct: the per-byte cost dominates
# Each command runs RUNS times (default 3) after one untimed warm-up that also brings the file into the page cache;
# prints the median, min and max wall time, the throughput of the median and the peak resident memory (GNU time).
#   scripts/distinct-bench.sh [RUNS [SIZE_BYTES]]   (default: 3 1000000000; the files are kept in artifacts/distinct-bench)
# Needs GNU time (/usr/bin/time) and awk; `sort` runs with LC_ALL=C, its fastest (byte order) mode.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

runs=${1:-3}; size=${2:-1000000000}
dir=artifacts/distinct-bench
mkdir -p "$dir"
[ -x /usr/bin/time ] || { echo "distinct-bench: GNU time (/usr/bin/time) is needed" >&2; exit 1; }

# Generated with awk so that the data owes nothing to the tool under test; written to a temp file, then renamed.
gen() { # name, awk program
  local f="$dir/$1"
  if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" -lt "$size" ]; then
    awk -v size="$size" "$2" > "$f.tmp" && mv "$f.tmp" "$f"
  fi
}
gen short.txt 'BEGIN { n = 0; for (i = 0; n < size; i++) { s = (i * 7919) % 10000000; print s; n += length(s) + 1 } }'
gen long.txt 'BEGIN { n = 0; for (i = 0; n < size; i++) { k = (i * 104729) % 5000000;
  s = sprintf("2026-12-04 GET /api/v1/items/%07d?user=%05d status=200", k, k % 99991); print s; n += length(s) + 1 } }'

dotnet build src/HyperSharp.Cli -c Release -v quiet -nologo >/dev/null
hyper=artifacts/bin/HyperSharp.Cli/release/hyper

# label, command...: prints one Markdown row
measure() {
  local label=$1; shift
  local times=() mem=0 out
  "$@" > /dev/null 2>&1 # warm-up, and the page cache
  for _ in $(seq "$runs"); do
    out=$( { /usr/bin/time -f "%e %M" "$@" > "$dir/out.txt"; } 2>&1 | tail -1 )
    times+=("${out% *}"); [ "${out#* }" -gt "$mem" ] && mem=${out#* }
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local med; med=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
  printf '| %-34s | %6s s | %5s–%-5s | %6s GB/s | %5d MB | %s |\n' "$label" "$med" "$(echo "$sorted" | head -1)" \
    "$(echo "$sorted" | tail -1)" "$(awk -v b="$bytes" -v t="$med" 'BEGIN { printf "%.2f", b / t / 1e9 }')" \
    $(( mem / 1024 )) "$(head -1 "$dir/out.txt" | sed -E 's/ distinct.*//')"
}

echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); median of $runs runs"
for f in short.txt long.txt; do
  bytes=$(stat -c %s "$dir/$f")
  echo
  echo "$f: $bytes bytes, $(wc -l < "$dir/$f") lines"
  echo "| command                            | median   | min–max     | throughput  | peak RSS | answer |"
  echo "|------------------------------------|----------|-------------|-------------|----------|--------|"
  measure "hyper distinct --threads 1" "$hyper" distinct "$dir/$f" --threads 1
  measure "hyper distinct --threads $(nproc)" "$hyper" distinct "$dir/$f" --threads "$(nproc)"
  measure "hyper distinct --sketch exact" "$hyper" distinct "$dir/$f" --sketch exact
  measure 'LC_ALL=C sort -u \| wc -l' sh -c "LC_ALL=C sort -u '$dir/$f' | wc -l"
done
