#!/usr/bin/python3
"""HyperSharp peer: counting primes below N, the book's way (Gorelick, "High Performance Python", ch. 8-10).

Variants: `python` (the book's check_prime on every number, plain CPython or PyPy), `numba` (the same loop under
@njit) and `numba-parallel` (prange over the numbers); the count is the checksum. For the primecheck system,
`check` and `check-numba` run check_prime on each of --numbers; the checksum is the sum of those found prime, the
fingerprint covers each number's verdict.

Usage (one JSON line on stdout, logs on stderr):
  primes.py --variant V --below N --chunk C --threads K --repeats R
  primes.py --variant check|check-numba --numbers A,B,C --check-every E --threads K --repeats R
"""
import math
import platform
import sys

import peer

VARIANTS = ("python", "numba", "numba-parallel", "check", "check-numba")


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


def check_python(numbers):
    return [check_prime(n) for n in numbers]


def check_numba():
    import numba
    import numpy as np

    @numba.njit
    def is_prime(n):
        if n < 4:
            return n >= 2
        if n % 2 == 0:
            return False
        i = np.uint64(3)
        while i * i <= n:
            if n % i == 0:
                return False
            i += np.uint64(2)
        return True

    def check(numbers):
        return [bool(is_prime(np.uint64(n))) for n in numbers]
    return check, f"numba {numba.__version__}"


def main():
    ap = peer.parser("primes.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--below", type=int, default=0)
    ap.add_argument("--numbers", default="")
    ap.add_argument("--check-every", type=int, default=4096)
    ap.add_argument("--chunk", type=int, default=10000)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats")
    impl = "pypy" if platform.python_implementation() == "PyPy" else "python"
    version = f"{platform.python_implementation()} {platform.python_version()}"

    if a.variant.startswith("check"):
        try:
            numbers = [int(t) for t in a.numbers.split(",") if t.strip()]
        except ValueError:
            ap.error("--numbers takes whole numbers separated by commas")
        if not numbers or any(n < 0 or n >= 1 << 64 for n in numbers):
            ap.error("--numbers must hold whole numbers from 0 to 2^64 - 1")
        rung = ("pypy-" if impl == "pypy" else "python-") + a.variant
        fn = check_python
        if a.variant == "check-numba":
            try:
                fn, extra = check_numba()
                version += " " + extra
            except Exception as e:
                return peer.error("primecheck", rung, str(e).splitlines()[0])
        verdicts, secs = peer.timed(lambda: fn(numbers), a.repeats)
        checksum = sum(n for n, prime in zip(numbers, verdicts) if prime)
        spec = {"numbers": ",".join(str(n) for n in numbers), "count": len(numbers), "largest": max(numbers),
                "check_every": a.check_every}
        work = sum(max(1, math.isqrt(n) // 2) for n in numbers)
        return peer.result("primecheck", rung, spec, a, secs, work, "divisors/s", checksum, version, impl,
                           fingerprint=peer.fingerprint_verdicts(numbers, verdicts))

    if a.below < 2:
        ap.error("--below must be >= 2")
    rung = "pypy" if impl == "pypy" else a.variant
    if a.variant == "python":
        count = count_python
    else:
        try:
            count, extra = numba_counters(a.variant == "numba-parallel")
            version += " " + extra
            import numba
            numba.set_num_threads(min(a.threads, numba.config.NUMBA_NUM_THREADS))
        except Exception as e:  # missing module or failed compile: say why in one line
            return peer.error("primes", rung, str(e).splitlines()[0])

    result, secs = peer.timed(lambda: count(a.below), a.repeats)
    return peer.result("primes", rung, {"below": a.below, "chunk": a.chunk}, a, secs, a.below, "numbers/s", result,
                       version, impl, fingerprint=peer.fingerprint_i64(result))


if __name__ == "__main__":
    sys.exit(main())
