#!/usr/bin/env bash
# Loads `hyper monitor --html`'s page in headless Chromium and checks that its script drew readings it was sent on
# /events: the page writes how many readings its chart has drawn into <body data-drawn="N"> and the state of each
# rule into its list; the check wants N >= 3 and the always-firing rule shown as firing.
#   scripts/check-monitor-html.sh [--no-build]   (skips, exit 0, where no chromium is on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $browser ]]; then
  echo "skip: no chromium on PATH (apt-get install chromium)"
  exit 0
fi
[[ ${1:-} == --no-build ]] || dotnet build src/HyperSharp.Cli -c Release -v quiet -nologo >/dev/null
out=artifacts/check-monitor-html
mkdir -p "$out"
# 100 readings at 100 ms: the monitor outlives Chromium's start, and ends by itself if this script is cut off.
# Chromium holds its virtual time while the event stream is open: the DOM is dumped once the monitor ends it.
dotnet artifacts/bin/HyperSharp.Cli/release/hyper.dll monitor --html --port 0 --interval 100ms --count 100 \
  --alert "cpu>-1 for 2" 2>"$out/monitor.err" &
monitor=$!
trap 'kill "$monitor" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 300); do
  url=$(grep -o 'http://[^ ]*' "$out/monitor.err" || true)
  [[ -n $url ]] && break
  kill -0 "$monitor" 2>/dev/null || { cat "$out/monitor.err"; exit 1; }
  sleep 0.1
done
[[ -n $url ]] || { echo "fail: the monitor printed no address"; exit 1; }
echo "page: $url"
timeout 120 "$browser" --headless --disable-gpu --no-sandbox --virtual-time-budget=3000 --dump-dom "$url" \
  >"$out/dom.html" 2>"$out/chromium.err"
drawn=$(grep -o 'data-drawn="[0-9]*"' "$out/dom.html" | grep -o '[0-9]*' || echo 0)
received=$(grep -o '<b id="readings">[0-9]*' "$out/dom.html" | grep -o '[0-9]*$' || echo 0)
firing=$(grep -c '<li class="firing">ALERT cpu&gt;-1 for 2</li>' "$out/dom.html" || true)
echo "readings received: $received, drawn by the chart: $drawn, rule shown firing: $([[ $firing -ge 1 ]] && echo yes || echo no)"
kill -TERM "$monitor" 2>/dev/null || true
wait "$monitor" 2>/dev/null || true
tail -n 2 "$out/monitor.err"
if [[ $drawn -ge 3 && $firing -ge 1 ]]; then
  echo "ok: the page drew $drawn readings"
else
  echo "fail: the page drew $drawn readings (want >= 3; its DOM is in $out/dom.html)"
  exit 1
fi
