#!/usr/bin/python3
"""HyperSharp peer: memoization, the book's way (Lanaro, "Python High Performance", ch. 2).

Variants (the memo ladder's peers, one JSON line): `lru_cache` (the recursive Fibonacci under
@functools.lru_cache(maxsize=None), the cache cleared before every run, as the memoized rung's fresh cache) and
`naive` (the same recursion without a cache). The checksum is F(n), the fingerprint its little-endian int64.

--micro prints the cost of one memoized call instead (a table, not a result line): functools.lru_cache hit and miss,
and joblib.Memory hit and miss on disk, for an 8-byte result and a 1 MB float64 array (NumPy), in a temporary folder.

Usage:
  memo.py --variant lru_cache|naive --n N --threads 1 --repeats R
  memo.py --micro [--calls C]
"""
import functools
import shutil
import sys
import tempfile
import time

import peer

VARIANTS = ("lru_cache", "naive")


def fib_naive(n):
    return n if n < 2 else fib_naive(n - 1) + fib_naive(n - 2)


@functools.lru_cache(maxsize=None)
def fib_lru(n):
    return n if n < 2 else fib_lru(n - 1) + fib_lru(n - 2)


def naive_calls(n):
    a, b = 0, 1
    for _ in range(n + 1):
        a, b = b, a + b
    return 2 * a - 1  # 2·F(n+1) − 1


def per_call_ns(fn, calls, rounds=5):
    """Best of `rounds` of `calls` calls of fn(i), in nanoseconds per call."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn(calls)
        best = min(best, (time.perf_counter() - t0) / calls)
    return best * 1e9


def micro(calls):
    rows = []
    keys = 1000

    @functools.lru_cache(maxsize=keys)
    def square(x):
        return x * 2 + 1

    for k in range(keys):
        square(k)

    def hits(c):
        for i in range(c):
            square(i % keys)

    miss_base = [10 ** 9]

    def misses(c):
        base = miss_base[0]
        for i in range(c):
            square(base + i)
        miss_base[0] += c

    rows.append(("functools.lru_cache", per_call_ns(hits, calls), per_call_ns(misses, calls // 10)))
    try:
        import joblib
    except ImportError as e:
        rows.append(("joblib.Memory", None, None, "unavailable: " + peer.one_line(e)))
        return rows, None
    folder = tempfile.mkdtemp(prefix="hypersharp-joblib-")
    try:
        memory = joblib.Memory(folder, verbose=0)
        def small_result(x):
            return x * 2 + 1

        small = memory.cache(small_result)
        disk_calls = max(10, calls // 1000)
        small(0)
        counter = [1]

        def small_miss(c):
            for _ in range(c):
                small(counter[0])
                counter[0] += 1

        rows.append(("joblib.Memory (8 B result)", per_call_ns(lambda c: [small(0) for _ in range(c)], disk_calls, 3),
                     per_call_ns(small_miss, disk_calls, 3)))
        try:
            import numpy as np
            mb = np.arange(1 << 17, dtype=np.float64)
            def large_result(x):
                return mb

            large = memory.cache(large_result)
            large(0)

            def large_miss(c):
                for _ in range(c):
                    large(counter[0])
                    counter[0] += 1

            n = max(3, disk_calls // 10)
            rows.append(("joblib.Memory (1 MB float64)", per_call_ns(lambda c: [large(0) for _ in range(c)], n, 3),
                         per_call_ns(large_miss, n, 3)))
        except ImportError:
            pass
        return rows, joblib.__version__
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    if "--micro" in sys.argv:
        ap = peer.parser("memo.py", None)
        ap.add_argument("--micro", action="store_true")
        ap.add_argument("--calls", type=int, default=2_000_000)
        a = ap.parse_args()
        if a.calls < 100:
            ap.error("--calls must be >= 100")
        rows, joblib_version = micro(a.calls)
        print("%-30s %9s %9s   (%s%s; ns per call, best of rounds)" % (
            "cache", "hit ns", "miss ns", peer.interpreter_version(), ", joblib " + joblib_version if joblib_version else ""))
        for row in rows:
            if row[1] is None:
                print("%-30s %s" % (row[0], row[3]))
            else:
                print("%-30s %9.1f %9.1f" % row[:3])
        return 0

    ap = peer.parser("memo.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--n", type=int, required=True)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats")
    if not 0 <= a.n <= 92:
        ap.error("--n must be from 0 to 92")
    sys.setrecursionlimit(max(1000, 4 * a.n + 100))
    if a.variant == "lru_cache":
        def run():
            fib_lru.cache_clear()
            return fib_lru(a.n)
    else:
        def run():
            return fib_naive(a.n)
    result, secs = peer.timed(run, a.repeats)
    return peer.result("memo", "python-" + a.variant if a.variant != "naive" else "python", {"n": a.n}, a, secs,
                       naive_calls(a.n), "calls/s", result, peer.interpreter_version(),
                       fingerprint=peer.fingerprint_i64(result))


if __name__ == "__main__":
    sys.exit(main())
