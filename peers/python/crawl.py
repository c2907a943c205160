#!/usr/bin/python3
"""HyperSharp peer: the crawl ladder, the books' way (Lanaro ch. 6, Gorelick ch. 8).

Fetches every URL of --urls (one a line: the slow server's /add URLs the ladder lists, on a server the bench started)
once each, and fingerprints the answers exactly as the ladder does, so that a peer that got every answer right has
the rungs' fingerprint:

  serial    one `requests.get` after another (one Session, as a crawler keeps its connection)
  threads   `concurrent.futures.ThreadPoolExecutor(C)`, a `requests.Session` per thread
  aiohttp   asyncio + aiohttp, a task per URL, C at a time past an `asyncio.Semaphore`
  gevent    gevent's monkey-patched sockets, `requests` in a `gevent.pool.Pool(C)`

Each URL as the ladder's fetcher: the attempt numbered in the X-Attempt header (the server decides its faults per
name and attempt), a timeout per attempt (headers and body), up to --retries retries of a transient failure (5xx,
408, 429, a connection error, a timeout) after a jittered exponential backoff from 20 ms. The answer per URL, in URL
order: (index, status, body length, SHA-256 of the body); a URL that failed has length 0 and a zero digest, status 0
when no answer came. Fingerprint: SHA-256 over `<iiq` (index, status, length) + the 32-byte digest of each URL.
Checksum: the sum of statuses and body lengths.

Usage:
  crawl.py --variant serial|threads|aiohttp|gevent --urls FILE --concurrency C [--requests N --delay-ms D
           --fail-rate F --reset-rate R --stall-rate S --retries K --timeout-ms T --seed S] --threads 1 --repeats R
"""
import sys

VARIANTS = ("serial", "threads", "aiohttp", "gevent")

if __name__ == "__main__" and "gevent" in sys.argv:
    # Before anything imports socket or ssl: the book patches first.
    try:
        from gevent import monkey
        monkey.patch_all()
    except ImportError:
        pass

import hashlib
import random
import struct
import time

import peer

ZERO = bytes(32)
TRANSIENT = lambda status: status >= 500 or status in (408, 429)  # noqa: E731 - the fetcher's rule, in one line
SPEC = (("requests", int), ("delay_ms", int), ("fail_rate", float), ("reset_rate", float), ("stall_rate", float),
        ("retries", int), ("timeout_ms", int), ("seed", int))


def backoff(attempt):
    """Polly's jittered exponential backoff, roughly: 20 ms doubling, times a random factor in [0.5, 1.5)."""
    time.sleep(0.020 * (2 ** (attempt - 1)) * (0.5 + random.random()))


def fingerprint(records):
    h = peer._Digest()
    for i, (status, length, digest) in enumerate(records):
        h.update(struct.pack("<iiq", i, status, length))
        h.update(digest or ZERO)
    return h.hexdigest()


# ---- requests (serial, threads, gevent) ---------------------------------------------------------------------------

def fetch_requests(session, url, retries, timeout):
    """One URL through `requests`: (status, length, digest)."""
    import requests
    status = 0
    for attempt in range(1, retries + 2):
        if attempt > 1:
            backoff(attempt - 1)
        try:
            r = session.get(url, headers={"X-Attempt": str(attempt)}, timeout=timeout, allow_redirects=False)
            body = r.content  # read inside the attempt: a stalled body times out here
            status = r.status_code
            if 200 <= status < 300:
                return status, len(body), hashlib.sha256(body).digest()
            if not TRANSIENT(status):
                return status, 0, None
        except requests.RequestException:
            status = 0
    return status, 0, None


def crawl_serial(urls, concurrency, retries, timeout):
    import requests
    with requests.Session() as s:
        return [fetch_requests(s, u, retries, timeout) for u in urls]


def crawl_threads(urls, concurrency, retries, timeout):
    import threading
    from concurrent.futures import ThreadPoolExecutor
    import requests
    local = threading.local()

    def one(url):
        s = getattr(local, "session", None)
        if s is None:
            s = local.session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1)
            s.mount("http://", adapter)
        return fetch_requests(s, url, retries, timeout)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, urls))


def crawl_gevent(urls, concurrency, retries, timeout):
    import gevent.pool
    import requests
    with requests.Session() as s:
        s.mount("http://", requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=concurrency))
        pool = gevent.pool.Pool(concurrency)
        return pool.map(lambda u: fetch_requests(s, u, retries, timeout), urls)


# ---- asyncio + aiohttp --------------------------------------------------------------------------------------------

def crawl_aiohttp(urls, concurrency, retries, timeout):
    import asyncio
    import aiohttp

    async def one(session, gate, url):
        status = 0
        async with gate:
            for attempt in range(1, retries + 2):
                if attempt > 1:
                    await asyncio.sleep(0.020 * (2 ** (attempt - 2)) * (0.5 + random.random()))
                try:
                    async with session.get(url, headers={"X-Attempt": str(attempt)}, allow_redirects=False,
                                           timeout=aiohttp.ClientTimeout(total=timeout)) as r:
                        status = r.status
                        body = await r.read()
                        if 200 <= status < 300:
                            return status, len(body), hashlib.sha256(body).digest()
                        if not TRANSIENT(status):
                            return status, 0, None
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    status = 0
        return status, 0, None

    async def main():
        gate = asyncio.Semaphore(concurrency)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
            return await asyncio.gather(*(one(session, gate, u) for u in urls))

    return asyncio.run(main())


CRAWLS = {"serial": crawl_serial, "threads": crawl_threads, "aiohttp": crawl_aiohttp, "gevent": crawl_gevent}
MODULES = {"serial": ("requests",), "threads": ("requests",), "aiohttp": ("aiohttp",), "gevent": ("gevent", "requests")}


def main():
    ap = peer.parser("crawl.py", "The crawl ladder's peers: requests, threads, aiohttp, gevent.")
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--urls", required=True)
    ap.add_argument("--concurrency", type=int, default=1)
    for name, typ in SPEC:
        ap.add_argument("--" + name.replace("_", "-"), type=typ)
    a = ap.parse_args()
    peer.require_positive(ap, a, "concurrency", "repeats")
    try:
        with open(a.urls, encoding="utf-8") as f:
            urls = [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]
    except OSError as e:
        ap.error("cannot read --urls: %s" % e)
    if not urls:
        ap.error("no URL in --urls")
    if a.requests is not None and a.requests != len(urls):
        ap.error("--requests %d but %d URLs in --urls" % (a.requests, len(urls)))
    rung = "python-" + a.variant
    libs = []
    for module in MODULES[a.variant]:
        try:
            m = __import__(module)
        except ImportError as e:
            return peer.error("crawl", rung, "%s not installed (apt-get install python3-%s): %s" % (module, module, peer.one_line(e)))
        libs.append((module, getattr(m, "__version__", "?")))
    retries = a.retries if a.retries is not None else 2
    timeout = (a.timeout_ms if a.timeout_ms is not None else 10_000) / 1000.0
    concurrency = 1 if a.variant == "serial" else a.concurrency
    records, secs = peer.timed(lambda: CRAWLS[a.variant](urls, concurrency, retries, timeout), a.repeats)
    spec = {name: getattr(a, name) for name, _ in SPEC if getattr(a, name) is not None}
    checksum = float(sum(status + length for status, length, _ in records))
    return peer.result("crawl", rung, spec, a, secs, len(urls), "requests/s", checksum, peer.version_string(libs),
                       fingerprint=fingerprint(records), resources={"concurrency": concurrency},
                       figures={"completed": sum(1 for s, _, d in records if d is not None)})


if __name__ == "__main__":
    sys.exit(main())
