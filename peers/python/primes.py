#!/usr/bin/python3
"""HyperSharp peer: counting primes below N, the book's way (Gorelick, "High Performance Python", ch. 8-10).

Variants: `python` (the book's check_prime on every number, plain CPython or PyPy), `numba` (the same loop under
@njit) and `numba-parallel` (prange over the numbers). The count is the checksum.

Usage (one JSON line on stdout, logs on stderr):
  primes.py --variant V --below N --chunk C --threads K --repeats R
"""
import argparse
import json
import math
import platform
import resource
import statistics
import sys
import time

VARIANTS = ("python", "numba", "numba-parallel")


def check_prime(n):
    """The book's check_prime, with 2 counted as prime and 0, 1 as not."""
    if n < 4:
        return n >= 2
    if n % 2 == 0:
        return False
    for i in range(3, math.isqrt(n) + 1, 2):
        if n % i == 0:
            return False
    return True


def count_python(below):
    return sum(1 for n in range(2, below) if check_prime(n))


def numba_counters(parallel):
    import numba

    @numba.njit(cache=False)
    def is_prime(n):
        if n < 4:
            return n >= 2
        if n % 2 == 0:
            return False
        last = int(math.sqrt(n))
        i = 3
        while i <= last:
            if n % i == 0:
                return False
            i += 2
        return True

    if parallel:
        @numba.njit(parallel=True)
        def count(below):
            total = 0
            for n in numba.prange(2, below):
                if is_prime(n):
                    total += 1
            return total
    else:
        @numba.njit
        def count(below):
            total = 0
            for n in range(2, below):
                if is_prime(n):
                    total += 1
            return total
    return count, f"numba {numba.__version__}"


def main():
    ap = argparse.ArgumentParser(prog="primes.py")
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--below", type=int, required=True)
    ap.add_argument("--chunk", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    if a.below < 2 or a.threads < 1 or a.repeats < 1:
        ap.error("--below must be >= 2, --threads and --repeats >= 1")

    impl = "pypy" if platform.python_implementation() == "PyPy" else "python"
    rung = "pypy" if impl == "pypy" else a.variant
    version = f"{platform.python_implementation()} {platform.python_version()}"
    if a.variant == "python":
        count = count_python
    else:
        try:
            count, extra = numba_counters(a.variant == "numba-parallel")
            version += " " + extra
            import numba
            numba.set_num_threads(min(a.threads, numba.config.NUMBA_NUM_THREADS))
        except Exception as e:  # missing module or failed compile: say why in one line
            print(json.dumps({"schema": "hypersharp/result@1", "system": "primes", "rung": rung,
                              "kind": "peer", "error": str(e).splitlines()[0]}))
            return 3

    result = count(a.below)  # warm-up (and JIT compilation), untimed
    secs = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        result = count(a.below)
        secs.append(time.perf_counter() - t0)
    median = statistics.median(secs)
    print(json.dumps({
        "schema": "hypersharp/result@1", "system": "primes", "rung": rung, "kind": "peer",
        "implementation": impl, "spec": {"below": a.below, "chunk": a.chunk},
        "threads": a.threads, "repeats": a.repeats, "seconds": median, "min_seconds": min(secs),
        "max_seconds": max(secs), "work": a.below, "throughput": a.below / median if median > 0 else 0,
        "unit": "numbers/s", "checksum": result,
        "peak_working_set_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "version": version,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
