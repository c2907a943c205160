#!/usr/bin/env bash
# AOT against JIT (the PyPy lesson: warm-up against peak): one CPU rung of HyperSharp.Core run by the hyper-aot worker
# (src/HyperSharp.Aot) compiled with Native AOT, and on the JIT with tiered compilation and PGO (the default) and with
# TieredCompilation=0 (everything compiled once, fully optimised, no tiers, no PGO). Prints a Markdown table:
#   start-up   median wall time of 7 runs of `hyper-aot SYSTEM --startup-only` (process start to exit, nothing run)
#   first run  the first timed run of the rung in a fresh process (JIT compilation included), median of 5 processes;
#              "of which JIT": the JIT's compilation time during it (System.Runtime.JitInfo; 0 under AOT)
#   steady     the median of the next RUNS runs in the same process, median of 5 processes
# and checks that every mode gave the same fingerprint.
#   scripts/aot-vs-jit.sh [SYSTEM [RUNG [RUNS [SPEC OPTIONS...]]]]   (default: particles simd 20 --count 1000 --time 0.01)
# Native AOT needs the ILCompiler package (restored from NuGet by the SDK) and a C toolchain to link (gcc or clang).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

system=${1:-particles}; rung=${2:-simd}; runs=${3:-20}
shift $(( $# < 3 ? $# : 3 ))
spec=("$@"); [ ${#spec[@]} -eq 0 ] && [ "$system" = particles ] && spec=(--count 1000 --time 0.01)

out=artifacts/aot-vs-jit
rm -rf "$out"
dotnet build src/HyperSharp.Aot -c Release -o "$out/jit" -v quiet -nologo >/dev/null
# Native AOT compiles for a baseline x64 by default (SSE4.2-era: Vector256/512 are not accelerated, so the SIMD rungs
# take a narrower path); IlcInstructionSet=native compiles for this CPU, as the JIT does.
publish() {
  if ! dotnet publish src/HyperSharp.Aot -c Release -r linux-x64 -p:PublishAot=true "$@" -v quiet -nologo >"$out.publish.log" 2>&1; then
    echo "aot-vs-jit: Native AOT publish failed (see $out.publish.log):" >&2
    grep -E "error|Error" "$out.publish.log" | head -5 >&2
    exit 1
  fi
}
publish -o "$out/aot"
publish -o "$out/aot-native" -p:IlcInstructionSet=native

# mode name, then the command (environment first)
modes=("Native AOT (default x64 ISA)|$out/aot/hyper-aot"
       "Native AOT, IlcInstructionSet=native|$out/aot-native/hyper-aot"
       "JIT, tiered + PGO (default)|env DOTNET_TieredCompilation=1 DOTNET_TieredPGO=1 dotnet $out/jit/hyper-aot.dll"
       "JIT, TieredCompilation=0|env DOTNET_TieredCompilation=0 dotnet $out/jit/hyper-aot.dll")

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
ms() { awk -v s="$1" 'BEGIN { if (s == 0) printf "0"; else if (s < 1e-3) printf "%.1f µs", s * 1e6; else printf "%.2f ms", s * 1e3 }'; }

echo "$system/$rung, ${spec[*]}, 1 thread; $runs steady runs; $(nproc) cores"
echo
echo "| mode | start-up | first run | of which JIT | steady median | first / steady |"
echo "|---|---:|---:|---:|---:|---:|"
prints=()
for m in "${modes[@]}"; do
  name=${m%%|*}; cmd=${m#*|}
  # shellcheck disable=SC2086
  $cmd "$system" --startup-only >/dev/null
  startup=$(for _ in 1 2 3 4 5 6 7; do
      t0=$(date +%s%N); $cmd "$system" --startup-only >/dev/null; t1=$(date +%s%N)
      echo "$(( t1 - t0 ))e-9"
    done | median)
  lines=$(for _ in 1 2 3 4 5; do $cmd "$system" --rung "$rung" --runs "$runs" "${spec[@]}"; done)
  first=$(echo "$lines" | field first_s | median)
  steady=$(echo "$lines" | field median_s | median)
  jit=$(echo "$lines" | field first_jit_s | median)
  prints+=("$(echo "$lines" | field fingerprint | sort -u)")
  ratio=$(awk -v f="$first" -v s="$steady" 'BEGIN { printf "%.1f×", f / s }')
  echo "| $name | $(ms "$startup") | $(ms "$first") | $(ms "$jit") | $(ms "$steady") | $ratio |"
done
distinct=$(printf '%s\n' "${prints[@]}" | sort -u | wc -l)
echo
if [ "$distinct" -eq 1 ]; then echo "every mode gave fingerprint ${prints[0]:0:16}…"; else echo "aot-vs-jit: the modes gave different answers" >&2; exit 1; fi
