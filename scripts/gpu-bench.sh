#!/usr/bin/env bash
# GPU rungs against the best CPU rungs, at GPU-sized specs, on a machine with a CUDA GPU and no .NET.
#
#   bash scripts/gpu-bench.sh publish        # here (needs the .NET SDK): a self-contained hyper for linux-x64
#   bash scripts/gpu-bench.sh run [OUT]      # there: every GPU rung against the best CPU rung, verified; JSON in OUT
#   bash scripts/gpu-bench.sh all [OUT]      # both, on one machine that has the SDK and the GPU
#
# `publish` writes artifacts/gpu-bench/hyper, one file (single-file, untrimmed: ILGPU does not survive trimming, and
# compressed) that needs no .NET on the GPU machine — copy the folder there with the repository's peers/ beside it if
# peers are wanted. `run` prints, per system, the bench table: every row verified against the reference (on a
# smaller spec where the reference would take too long), the device's name, and each row's fraction of its limit —
# a GPU row against its device's published peaks (memory bandwidth, FP64), a CPU row against this machine's
# measured STREAM bandwidth and FMA peak. It exits non-zero if any row failed verification.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
out=${2:-artifacts/gpu-bench/results}
bin=artifacts/gpu-bench/hyper

publish() {
  dotnet publish src/HyperSharp.Cli -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:PublishTrimmed=false -p:EnableCompressionInSingleFile=true \
    -p:IncludeNativeLibrariesForSelfExtract=true -o artifacts/gpu-bench -v quiet -nologo
  ls -l "$bin"
}

run() {
  [ -x "$bin" ] || { echo "gpu-bench: no $bin (run: bash scripts/gpu-bench.sh publish)" >&2; exit 2; }
  mkdir -p "$out"
  threads=$(nproc)
  "$bin" info
  status=0
  bench() {
    local system=$1; shift
    echo "== $system $*"
    "$bin" bench "$system" "$@" --threads "$threads" --json "$out/$system.json" || status=1
  }
  # Sizes a GPU needs to fill its SMs (10⁷ particles, 16000² points, 16384² cells, 10¹⁰ samples); the CPU rung is
  # each system's fastest on many cores.
  bench particles --counts 10000000 --time 0.01 --rungs fastmath,gpu
  bench julia --widths 16000 --maxiter 300 --rungs threads,gpu
  bench diffusion --sizes 16384 --steps 20 --rungs threads,gpu
  bench pi --samples 10000000000 --rungs threads,gpu
  bench matmul --sizes 8192 --dtype float32 --rungs threads,gpu
  echo "results in $out"
  return $status
}

case "$mode" in
  publish) publish ;;
  run) run ;;
  all) publish && run ;;
  *) echo "usage: bash scripts/gpu-bench.sh publish|run|all [OUT]" >&2; exit 2 ;;
esac
