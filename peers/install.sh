#!/usr/bin/env bash
# Installs the toolchains for the peers and builds the C peers (make -C c all).
# Idempotent: apt skips what is already installed, make rebuilds only when stale.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")"

# python3-setuptools drives the run-time Cython build; primesieve-bin is the primes peer, redis-server the
# primecheck flag ladder's Redis rung; python3-pandas and python3-scipy the anomalies peers (pandas read_csv(chunksize)
# + scipy.stats.normaltest); python3-dask and python3-distributed the word count's Dask peers; python3-requests,
# python3-aiohttp, python3-gevent and wrk the crawl peers.
PACKAGES=(gcc make python3 python3-dev python3-setuptools python3-numpy python3-numba python3-numexpr cython3 pypy3 libopenblas0-pthread python3-threadpoolctl
          python3-pandas python3-scipy python3-dask python3-distributed primesieve-bin redis-server python3-requests python3-aiohttp python3-gevent wrk)

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq || echo "install.sh: apt-get update failed" >&2
        # One batch first; on failure fall back to one package at a time so a
        # single unavailable package (e.g. pypy3) does not block the others.
        if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
            for p in "${missing[@]}"; do
                apt-get install -y -qq --no-install-recommends "$p" \
                    || echo "install.sh: could not install $p (its peers will report an error)" >&2
            done
        fi
    fi
else
    echo "install.sh: not root or no apt-get; skipping package installation" >&2
fi

make -C c all
