#!/usr/bin/env bash
# HyperSharp peer: Debian's wrk (package wrk) against the slow server, as the server's own limit: the crawl ladder's
# URLs (--urls, on the server the bench started), C connections on K threads (wrk's -c and -t), each URL until it is
# answered 2xx (peers/wrk/crawl.lua). One untimed warm-up, then R timed runs; the time of each is from the first
# request to the last answer (the script's monotonic clock), not wrk's -d duration, which only bounds a run. wrk
# reads no body digest: it is checked by its count and checksum (status + body length over every URL, the ladder's).
# It retries every failure without limit, so with injected faults it would not be the crawl the rungs make: it
# refuses them (exit 3, saying so).
#   wrk.sh --variant crawl --urls FILE --concurrency C --requests N --delay-ms D [--fail-rate F --reset-rate R
#          --stall-rate S --retries K --timeout-ms T --seed S] --threads K --repeats R
set -euo pipefail
die() { echo "wrk.sh: $*" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
urls='' concurrency=1 threads=1 repeats=1 requests='' delay=0 timeout=10000 spec=''
faults=0
num() { [[ "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "bad number for --$1: $2"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --variant) [ "${2:-}" = crawl ] || die "unknown variant: ${2:-}"; shift 2 ;;
    --urls) urls="${2:-}"; shift 2 ;;
    --concurrency) concurrency="${2:-}"; shift 2 ;;
    --threads) threads="${2:-}"; shift 2 ;;
    --repeats) repeats="${2:-}"; shift 2 ;;
    --answer) shift 2 ;;
    --requests|--delay-ms|--fail-rate|--reset-rate|--stall-rate|--retries|--timeout-ms|--seed)
      name="${1#--}"; v="${2:-}"; num "$name" "$v"
      case "$name" in
        requests) requests="$v" ;;
        delay-ms) delay="$v" ;;
        timeout-ms) timeout="$v" ;;
        fail-rate|reset-rate|stall-rate) awk -v x="$v" 'BEGIN { exit !(x > 0) }' && faults=1 ;;
      esac
      spec+="${spec:+,}\"${name//-/_}\":$v"; shift 2 ;;
    *) die "unknown option: $1" ;;
  esac
done
[ -f "$urls" ] || die "no such --urls file: $urls"
for v in concurrency threads repeats; do [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "bad integer for --$v: ${!v}"; done
error() {
  printf '{"schema":"hypersharp/result@2","system":"crawl","rung":"wrk","kind":"peer","error":"%s"}\n' "$1"
  exit 3
}
exe="$(command -v wrk)" || error "wrk is not installed (apt-get install wrk)"
[ "$faults" = 0 ] || error "wrk measures the server's limit: it retries every failure without limit, so it runs without injected faults"
n="$(grep -c -v -e '^#' -e '^$' "$urls" || true)"
[ "$n" -ge 1 ] || die "no URL in $urls"
[ -z "$requests" ] || [ "$requests" = "$n" ] || die "--requests $requests but $n URLs in $urls"
[ "$threads" -le "$concurrency" ] || threads="$concurrency"
[ "$threads" -le "$n" ] || threads="$n"
base="$(grep -v -e '^#' -e '^$' "$urls" | head -n1 | sed -E 's#^(https?://[^/]+).*#\1#')"
# A bound, never the measure: ten times the ideal N·D/C, and at least 30 s.
bound="$(awk -v n="$n" -v d="$delay" -v c="$concurrency" 'BEGIN { b = 10 * n * (d + 1) / 1000 / c; b = (b < 30) ? 30 : b; printf "%d", (b > 600) ? 600 : b }')"
marks="$(mktemp -d)"
trap 'rm -rf "$marks"' EXIT
run() {
  rm -f "$marks"/done-*
  "$exe" -t "$threads" -c "$concurrency" -d "${bound}s" --timeout "$((timeout / 1000 + 1))s" -s "$here/crawl.lua" "$base/" -- "$urls" "$threads" "$marks" >"$marks/out" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(find "$marks" -name 'done-*' | wc -l)" -lt "$threads" ] || { kill -INT "$pid" 2>/dev/null || true; break; }
    sleep 0.01
  done
  wait "$pid" || true
  line="$(grep '^hypersharp-wrk ' "$marks/out" || true)"
  [ -n "$line" ] || die "unreadable wrk output: $(tr '\n' ' ' <"$marks/out")"
  read -r _ completed checksum seconds failures sent <<<"$line"
  [ "$completed" = "$n" ] || die "wrk answered $completed of $n URLs within ${bound} s"
}
run
secs=()
for ((i = 0; i < repeats; i++)); do
  run
  secs+=("$seconds")
done
sorted=($(printf '%s\n' "${secs[@]}" | sort -g))
median="$(printf '%s\n' "${sorted[@]}" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
throughput="$(awk -v w="$n" -v s="$median" 'BEGIN { printf "%.9g", (s > 0) ? w / s : 0 }')"
version="$( ("$exe" --version 2>&1 || true) | head -n1 | awk '{ print "wrk " $2 }')"
printf '{"schema":"hypersharp/result@2","system":"crawl","rung":"wrk","kind":"peer","implementation":"wrk",'
printf '"spec":{%s},"threads":%s,"repeats":%s,"seconds":%s,"min_seconds":%s,"max_seconds":%s,' \
  "$spec" "$threads" "$repeats" "$median" "${sorted[0]}" "${sorted[-1]}"
printf '"work":%s,"throughput":%s,"unit":"requests/s","checksum":%s,"fingerprint":null,"version":"%s",' \
  "$n" "$throughput" "$checksum" "$version"
printf '"resources":{"concurrency":%s},"figures":{"completed":%s,"requests_sent":%s,"non_2xx_or_errors":%s}}\n' \
  "$concurrency" "$completed" "$sent" "$failures"
