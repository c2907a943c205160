#!/usr/bin/env bash
# Runs every peer (C and Python, whatever is installed) on small specs through `hyper bench SYSTEM --peers` and fails
# when any row fails verification (hyper bench exits 1 and names the rows on stderr). For machines with the Python
# peers' packages (peers/install.sh); CI runs only the C peers, in the tests.
#   bash peers/check.sh [HYPER...]     HYPER: how to start hyper (default: dotnet run the CLI from this checkout)
set -uo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then hyper=("$@"); else
  dotnet build -c Release -v q src/HyperSharp.Cli >/dev/null || exit 1
  hyper=(dotnet artifacts/bin/HyperSharp.Cli/release/hyper.dll)
fi
status=0
check() {
  echo "== $*"
  "${hyper[@]}" bench "$@" --peers --rungs reference --threads 1,2 >/dev/null || { echo "FAILED: $*"; status=1; }
}
check particles --counts 200 --time 0.002
check julia --widths 64 --maxiter 60
check diffusion --sizes 32 --steps 10
check pi --samples 200000 --seed 7
check norm --counts 100003 --seed 7
check matmul --sizes 67 --seed 7
check primes --belows 20000
check primecheck --numbers 2,97,1000003,4294967297,1000000007
check anomalies --days 3 --per-day 5000 --anomalous 1
check wordcount --bytes 2000000
[ $status -eq 0 ] && echo "all peers verified" || echo "some peers failed verification (see above)"
exit $status
