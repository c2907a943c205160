#!/usr/bin/python3
"""HyperSharp peer: Monte Carlo pi, the rungs of Lanaro ch. 7-8 and Gorelick ch. 9-10.

Uniform points in the unit square, hits in the quarter disc x*x + y*y <= 1,
pi ~ 4*hits/n. Each rung uses its own generator seeded with --seed (Python's
random, NumPy's default_rng, Numba's per-thread states), so the harness checks
the estimate statistically (|pi_hat - pi| <= 5 sigma), not the hits exactly.

Usage (one JSON line on stdout, logs on stderr):
  pi.py --variant loop|numpy|numba|numba-parallel --samples N --seed S
        --threads K --repeats R

One untimed warm-up run (Numba compiles there), then R timed runs.
"""
import platform
import random
import sys

import peer
from peer import VariantUnavailable, one_line

VARIANTS = ("loop", "numpy", "numba", "numba-parallel")
CHUNK = 1 << 20  # NumPy draws this many points at a time: 10^8 at once would need 1.6 GB


# ---- the books' rungs ---------------------------------------------------------
def estimate_loop(samples, seed):
    """The books' pure Python loop (Gorelick's estimate_nbr_points_in_quarter_circle)."""
    rnd = random.Random(seed)
    hits = 0
    for _ in range(samples):
        x = rnd.random()
        y = rnd.random()
        if x * x + y * y <= 1.0:
            hits += 1
    return hits


def make_numpy(np):
    def estimate(samples, seed):
        """Vectorised: arrays of points, one comparison, count_nonzero (in chunks to bound memory)."""
        rng = np.random.default_rng(seed)
        hits = 0
        for start in range(0, samples, CHUNK):
            n = min(CHUNK, samples - start)
            xs = rng.random(n)
            ys = rng.random(n)
            hits += int(np.count_nonzero(xs * xs + ys * ys <= 1.0))
        return hits
    return estimate


def make_numba(parallel):
    try:
        import numba
        import numpy as np
    except Exception as e:  # noqa: BLE001 - any import failure disables the variant
        raise VariantUnavailable("numba unavailable: " + one_line(e))

    @numba.njit(parallel=parallel)
    def count(samples, seed):
        np.random.seed(seed)  # seeds the calling thread's state; prange workers have their own
        hits = 0
        for _ in numba.prange(samples):
            x = np.random.random()
            y = np.random.random()
            if x * x + y * y <= 1.0:
                hits += 1
        return hits

    return (lambda samples, seed: int(count(samples, seed))), [("numba", numba.__version__), ("numpy", np.__version__)]


def make_runner(variant, threads):
    if variant == "loop":
        return estimate_loop, []
    if variant == "numpy":
        try:
            import numpy as np
        except Exception as e:  # noqa: BLE001
            raise VariantUnavailable("numpy unavailable: " + one_line(e))
        return make_numpy(np), [("numpy", np.__version__)]
    run, libs = make_numba(parallel=variant == "numba-parallel")
    if variant == "numba-parallel":
        import numba
        numba.set_num_threads(threads)
        peer.threads_used(numba.get_num_threads())
    return run, libs


# ---- harness -------------------------------------------------------------------
def parse_args(argv):
    p = peer.parser("pi.py", __doc__.splitlines()[0])
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--samples", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    peer.require_positive(p, a, "samples", "threads", "repeats")
    return a


def rung_name(variant):
    return "python-loop" if variant == "loop" else variant


def main(argv):
    a = parse_args(argv)
    rung = rung_name(a.variant)
    peer.size_thread_pools(a.threads, "NUMBA_NUM_THREADS")
    try:
        run, libs = make_runner(a.variant, a.threads)
        hits, secs = peer.timed(lambda: run(a.samples, a.seed), a.repeats)
    except VariantUnavailable as e:
        return peer.error("pi", rung, str(e))
    # Always reported as CPython: the harness runs pi.py under /usr/bin/python3 only.
    version = peer.version_string(libs, "CPython " + platform.python_version())
    return peer.result("pi", rung, {"samples": a.samples, "seed": a.seed}, a, secs, a.samples, "samples/s", hits,
                       version, implementation="python", fingerprint=peer.fingerprint_i64(hits))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
