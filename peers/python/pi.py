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
import argparse
import json
import os
import platform
import random
import sys
import time

VARIANTS = ("loop", "numpy", "numba", "numba-parallel")
CHUNK = 1 << 20  # NumPy draws this many points at a time: 10^8 at once would need 1.6 GB


class VariantUnavailable(Exception):
    """The variant cannot run here (missing module)."""


def one_line(e):
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return lines[-1] if lines else type(e).__name__


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
    return run, libs


# ---- harness -------------------------------------------------------------------
def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--samples", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1)
    a = p.parse_args(argv)
    for name in ("samples", "threads", "repeats"):
        if getattr(a, name) < 1:
            p.error("--%s must be >= 1" % name)
    return a


def rung_name(variant):
    return "python-loop" if variant == "loop" else variant


def peak_rss_bytes():
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except Exception:  # noqa: BLE001
        return None


def main(argv):
    a = parse_args(argv)
    rung = rung_name(a.variant)
    # Numba's pool is sized at import; allow more than the core count if asked.
    os.environ.setdefault("NUMBA_NUM_THREADS", str(max(a.threads, os.cpu_count() or 1)))
    try:
        run, libs = make_runner(a.variant, a.threads)
        hits = run(a.samples, a.seed)  # warm-up: JIT compilation lands here, untimed
    except VariantUnavailable as e:
        print(json.dumps({"schema": "hypersharp/result@1", "system": "pi", "rung": rung,
                          "kind": "peer", "error": str(e)}, separators=(",", ":")))
        return 3

    secs = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        hits = run(a.samples, a.seed)
        secs.append(time.perf_counter() - t0)
    secs.sort()
    n = len(secs)
    median = secs[n // 2] if n % 2 else 0.5 * (secs[n // 2 - 1] + secs[n // 2])
    version = " ".join(["CPython " + platform.python_version()] + ["%s %s" % lv for lv in libs])
    print(json.dumps({
        "schema": "hypersharp/result@1", "system": "pi", "rung": rung, "kind": "peer",
        "implementation": "python", "spec": {"samples": a.samples, "seed": a.seed},
        "threads": a.threads, "repeats": a.repeats,
        "seconds": median, "min_seconds": secs[0], "max_seconds": secs[-1],
        "work": a.samples, "throughput": a.samples / median if median > 0 else 0.0,
        "unit": "samples/s", "checksum": hits,
        "peak_working_set_bytes": peak_rss_bytes(), "version": version,
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
