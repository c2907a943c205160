#!/usr/bin/env bash
# HyperSharp peer: Debian's primesieve (package primesieve-bin) counting the primes below N, in the peers' command
# line and JSON result. primesieve counts [0, STOP], so it is given STOP = N - 1. One untimed warm-up, then R timed
# runs; the time of each is primesieve's own --time figure (its sieve, without process start-up). Its count is
# echoed as the checksum and fingerprinted (SHA-256 of the count as a little-endian int64), so the bench checks it.
#   primesieve.sh --variant count --below N [--chunk C] --threads K --repeats R
set -euo pipefail
die() { echo "primesieve.sh: $*" >&2; exit 2; }
below='' threads=1 repeats=1
while [ $# -gt 0 ]; do
  case "$1" in
    --variant) [ "${2:-}" = count ] || die "unknown variant: ${2:-}"; shift 2 ;;
    --below) below="${2:-}"; shift 2 ;;
    --threads) threads="${2:-}"; shift 2 ;;
    --repeats) repeats="${2:-}"; shift 2 ;;
    --chunk|--answer) shift 2 ;; # the queued rungs' chunk size means nothing to a sieve
    *) die "unknown option: $1" ;;
  esac
done
[[ "$below" =~ ^[0-9]+$ ]] && [ "$below" -ge 2 ] || die "bad integer for --below: $below"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "bad integer for --threads: $threads"
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || die "bad integer for --repeats: $repeats"
exe="$(command -v primesieve)" || die "primesieve not installed (apt-get install primesieve-bin)"
run() { "$exe" "$((below - 1))" --threads "$threads" --time -q; }
run >/dev/null
secs=() count=''
for ((i = 0; i < repeats; i++)); do
  out="$(run)"
  secs+=("$(awk '/^Seconds:/ { print $2 }' <<<"$out")")
  c="$(awk '/^[0-9]+$/ { print $1 }' <<<"$out")"
  [ -n "$c" ] && [ -n "${secs[-1]}" ] || die "unreadable primesieve output: $out"
  [ -z "$count" ] || [ "$count" = "$c" ] || die "primesieve gave two counts: $count and $c"
  count="$c"
done
sorted=($(printf '%s\n' "${secs[@]}" | sort -g))
median="$(printf '%s\n' "${sorted[@]}" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
bytes=''
for ((i = 0; i < 8; i++)); do bytes+="$(printf '\\x%02x' $(((count >> (8 * i)) & 255)))"; done
fingerprint="$(printf "$bytes" | sha256sum | cut -d' ' -f1)"
version="$("$exe" --version | head -n1 | cut -d, -f1)"
throughput="$(awk -v w="$below" -v s="$median" 'BEGIN { printf "%.9g", (s > 0) ? w / s : 0 }')"
printf '{"schema":"hypersharp/result@2","system":"primes","rung":"primesieve","kind":"peer","implementation":"primesieve",'
printf '"spec":{"below":%s},"threads":%s,"repeats":%s,"seconds":%s,"min_seconds":%s,"max_seconds":%s,' \
  "$below" "$threads" "$repeats" "$median" "${sorted[0]}" "${sorted[-1]}"
printf '"work":%s,"throughput":%s,"unit":"numbers/s","checksum":%s,"fingerprint":"%s","version":"%s"}\n' \
  "$below" "$throughput" "$count" "$fingerprint" "$version"
