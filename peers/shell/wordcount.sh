#!/usr/bin/env bash
# HyperSharp peer: the word count the shell user's way, McIlroy's pipeline (1986) without its final sort and head:
#   tr -cs 'A-Za-z0-9\200-\377' '\n' < FILE | tr A-Z a-z | sort --parallel=K | uniq -c
# in the C locale (bytes, not characters). coreutils' tr knows no UTF-8, so the words are only approximately the
# analyzer's: every byte of a multi-byte character is kept as part of a word, so non-ASCII letters stay whole, but so
# does non-ASCII punctuation (a dash or a non-breaking space joins two words), non-ASCII capitals are not
# lower-cased, invalid bytes are not separators and no word is cut at 255. On ASCII text (words up to 255 letters),
# and on the Zipf corpus of `hyper wordcount corpus` (ASCII separators, accented letters lower-case only), the answer
# is the analyzer's exactly.
# The stages of a pipeline run at once, so even --threads 1 keeps more than one core busy part of the time.
#
# Timed: the pipeline only (reading the file, cutting, lower-casing, sorting, counting into a file); not the answer's
# canonical bytes (perl), its fingerprint or the top words. The peers' policy: warm-up runs (at least one and 0.5 s),
# then at least R timed runs and on until 2 s (at most 25). Unit MB/s: 10^6 bytes of the file per second.
#   wordcount.sh --variant coreutils --input FILE [--bytes B --vocabulary V --zipf S --seed S] --threads K --repeats R [--answer PATH]
set -euo pipefail
die() { echo "wordcount.sh: $*" >&2; exit 2; }
unavailable() {
  printf '{"schema":"hypersharp/result@2","system":"wordcount","rung":"coreutils","kind":"peer","error":"%s"}\n' "$1"
  exit 3
}
input='' threads=1 repeats=1 answer='' spec=''
number() { [[ "${2:-}" =~ ^[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$ ]] || die "bad number for --$1: ${2:-}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --variant) [ "${2:-}" = coreutils ] || die "unknown variant: ${2:-} (variants: coreutils)"; shift 2 ;;
    --input) input="${2:-}"; shift 2 ;;
    --threads) threads="${2:-}"; shift 2 ;;
    --repeats) repeats="${2:-}"; shift 2 ;;
    --answer) answer="${2:-}"; shift 2 ;;
    --bytes|--vocabulary|--zipf|--seed)
      number "${1#--}" "${2:-}"
      spec+="${spec:+,}\"${1#--}\":$2"; shift 2 ;;
    *) die "unknown option: $1" ;;
  esac
done
[ -n "$input" ] || die "--input FILE is required"
[ -f "$input" ] || die "no such file: $input"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "--threads must be >= 1"
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || die "--repeats must be >= 1"
for tool in tr sort uniq perl sha256sum date; do
  command -v "$tool" >/dev/null || unavailable "$tool not found (coreutils and perl are needed)"
done
export LC_ALL=C
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

count() { tr -cs 'A-Za-z0-9\200-\377' '\n' <"$input" | tr 'A-Z' 'a-z' | sort --parallel="$threads" | uniq -c >"$tmp/counts"; }
once() {
  local t0 t1
  t0="$(date +%s%N)"
  count
  t1="$(date +%s%N)"
  echo $((t1 - t0))
}

spent=0 warmups=0
while [ $warmups -lt 1 ] || { [ $spent -lt 500000000 ] && [ $warmups -lt 25 ]; }; do
  spent=$((spent + $(once))); warmups=$((warmups + 1))
done
times=() spent=0
while [ ${#times[@]} -lt "$repeats" ] || { [ $spent -lt 2000000000 ] && [ ${#times[@]} -lt 25 ]; }; do
  ns="$(once)"; times+=("$ns"); spent=$((spent + ns))
done

# The counts as the fingerprinted bytes: per word its bytes, a 0 byte, its count as a little-endian int64, in the
# order sort gave (bytes: code point order, which is .NET's ordinal order but for characters past U+FFFF).
read -r total distinct < <(perl -e '
  open(my $out, ">:raw", $ARGV[0]) or die "$ARGV[0]: $!\n";
  my ($total, $distinct) = (0, 0);
  binmode STDIN;
  while (<STDIN>) {
    chomp;
    next unless /^ *([0-9]+) (.+)$/s;
    print $out $2, "\0", pack("q<", $1);
    $total += $1;
    $distinct++;
  }
  close $out or die "$ARGV[0]: $!\n";
  print "$total $distinct\n";' "$tmp/answer.bin" <"$tmp/counts")
[ -n "${distinct:-}" ] || die "could not read the counts back"
fingerprint="$(sha256sum "$tmp/answer.bin" | cut -d' ' -f1)"
[ -z "$answer" ] || cp "$tmp/answer.bin" "$answer"

size="$(stat -c %s "$input")"
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
stats="$(awk -v n="$n" -v lo="${sorted[0]}" -v hi="${sorted[$((n - 1))]}" -v a="${sorted[$(((n - 1) / 2))]}" -v b="${sorted[$((n / 2))]}" -v size="$size" 'BEGIN {
  median = (a + b) / 2e9
  printf "\"seconds\":%.9g,\"min_seconds\":%.9g,\"max_seconds\":%.9g,\"work\":%.9g,\"throughput\":%.9g", median, lo / 1e9, hi / 1e9, size / 1e6, (median > 0) ? size / 1e6 / median : 0 }')"
version="$(tr --version | head -n1)"
printf '{"schema":"hypersharp/result@2","system":"wordcount","rung":"coreutils","kind":"peer","implementation":"coreutils",'
printf '"spec":{%s},"threads":%s,"repeats":%s,%s,"unit":"MB/s","checksum":%s,"fingerprint":"%s","version":"%s","figures":{"distinct":%s}}\n' \
  "$spec" "$threads" "$n" "$stats" "$total" "$fingerprint" "$version" "$distinct"
