#!/usr/bin/env bash
# Regenerates the README's collections tables from a real run, between the markers <!-- tables:begin --> and
# <!-- tables:end -->: the output of `hyper tables collections ARGS` (default: the book's sizes), pasted as printed.
# Run it on a quiet machine: bash scripts/readme-tables.sh            (about half a minute)
#                            bash scripts/readme-tables.sh --sizes 1000,2000,3000
set -euo pipefail
cd "$(dirname "$0")/.."
grep -q '<!-- tables:begin -->' README.md && grep -q '<!-- tables:end -->' README.md || { echo "README.md has no tables markers" >&2; exit 1; }
dotnet build src/HyperSharp.Cli -c Release -v quiet -nologo >/dev/null
block=$(mktemp)
trap 'rm -f "$block" README.md.tmp' EXIT
{
  echo '```text'
  echo "\$ hyper tables collections $*" | sed 's/ *$//'
  dotnet artifacts/bin/HyperSharp.Cli/release/hyper.dll tables collections "$@" 2>/dev/null | sed -e 's/[[:space:]]*$//'
  echo '```'
} > "$block"
awk -v block="$block" '
  /<!-- tables:begin -->/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
  /<!-- tables:end -->/ { skip = 0 }
  !skip { print }
' README.md > README.md.tmp
mv README.md.tmp README.md
echo "README.md: tables regenerated" >&2
