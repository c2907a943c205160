#!/usr/bin/env bash
# Pack the `hyper` tool, install it from the packed folder like a user would, and print a Markdown table of each
# package's size (the .nupkg downloaded, and unpacked) and the start-up time of `hyper --help` and `hyper list`
# (median of 7 runs of the installed tool on this machine). The README's distribution table is this script's output.
#   scripts/package-report.sh [PACK_DIR]      (default: artifacts/nupkg, ignored by git)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pack=${1:-artifacts/nupkg}
rm -rf "$pack"
dotnet pack src/HyperSharp.Cli -c Release -o "$pack" -v quiet -nologo >/dev/null
version=$(dotnet msbuild src/HyperSharp.Cli -getProperty:Version)

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
dotnet tool install --tool-path "$tools" --add-source "$pack" HyperSharp.Cli --version "$version" >/dev/null

mb() { awk -v b="$1" 'BEGIN { if (b < 1e5) printf "%.1f kB", b / 1e3; else printf "%.1f MB", b / 1e6 }'; }
# Median wall time in seconds of 7 runs of the installed tool (after one warm-up run).
startup() {
  "$tools/hyper" "$@" >/dev/null
  for _ in 1 2 3 4 5 6 7; do
    local t0 t1; t0=$(date +%s%N); "$tools/hyper" "$@" >/dev/null; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
  done | sort -n | sed -n 4p | awk '{ printf "%.2f s", $1 / 1000 }'
}

echo "| package | RID | .nupkg | unpacked | files |"
echo "|---|---|---:|---:|---:|"
for f in "$pack"/HyperSharp.Cli*."$version".nupkg; do
  name=$(basename "$f" ".$version.nupkg")
  rid=${name#HyperSharp.Cli}; rid=${rid#.}; [ -z "$rid" ] && rid="(pointer)"
  read -r unpacked files < <(unzip -l "$f" | tail -1 | awk '{ print $1, $2 }')
  echo "| $name | $rid | $(mb "$(stat -c %s "$f")") | $(mb "$unpacked") | $files |"
done
echo
installed=$(find "$tools/.store" -mindepth 3 -maxdepth 3 -type d -name 'hypersharp.cli.*' -printf '%f\n' | head -1)
echo "Installed here: ${installed:-hypersharp.cli} ($(uname -m), $(nproc) cores, load average $(cut -d" " -f1 /proc/loadavg))."
echo
echo "| command | start-up (median of 7) |"
echo "|---|---:|"
echo "| \`hyper --help\` | $(startup --help) |"
echo "| \`hyper list\` | $(startup list) |"
