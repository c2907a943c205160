#!/usr/bin/python3
"""HyperSharp peer: the Julia set rungs of Gorelick & Ozsvald, "High Performance Python" (ch. 2, 7).

z = z*z + c on the book's grid over [-1.8, 1.8]^2 with c = -0.62772 - 0.42193i, counting iterations while
abs(z) < 2 and n < maxiter. The grid is the book's: x and y lists built by repeated float addition (so a width
can give width + 1 points). The rungs: the book's pure Python (`python`, also under PyPy as `pypy-python`), the
book's NumPy (masked whole-array updates), Numba and Numba parallel (prange over rows), and the book's Cython
`calculate_z` (julia_cy.pyx, built on first use into build/ by particles.py's loader).

Usage (one JSON line on stdout, logs on stderr):
  julia.py --variant V --width W --maxiter M --threads K --repeats R

One untimed warm-up run (JIT compilation happens there), then R timed runs. checksum = sum of all counts, which is
also the work (iterations executed); the book's test is width 1000, maxiter 300 -> 33219980.
"""
import argparse
import json
import os
import platform
import sys
import time

VARIANTS = ("python", "numpy", "numba", "numba-parallel", "cython")
IS_PYPY = platform.python_implementation() == "PyPy"
X1, X2, Y1, Y2 = -1.8, 1.8, -1.8, 1.8
C_REAL, C_IMAG = -0.62772, -0.42193


class VariantUnavailable(Exception):
    """The variant cannot run here (missing module)."""


def one_line(e):
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return lines[-1] if lines else type(e).__name__


# ---- the book's code -----------------------------------------------------------

def book_grid(desired_width):
    """The book's coordinate lists, float addition and all (y runs from the top down)."""
    x_step = (float(X2 - X1) / float(desired_width))
    y_step = (float(Y1 - Y2) / float(desired_width))
    x = []
    y = []
    ycoord = Y2
    while ycoord > Y1:
        y.append(ycoord)
        ycoord += y_step
    xcoord = X1
    while xcoord < X2:
        x.append(xcoord)
        xcoord += x_step
    return x, y


def calculate_z_serial_purepython(maxiter, zs, cs):
    output = [0] * len(zs)
    for i in range(len(zs)):
        n = 0
        z = zs[i]
        c = cs[i]
        while abs(z) < 2 and n < maxiter:
            z = z * z + c
            n += 1
        output[i] = n
    return output


def calculate_z_numpy(maxiter, zs, cs):
    """The book's NumPy version (ch. 6): update only the lanes that have not escaped."""
    import numpy as np
    output = np.zeros(zs.shape, dtype=np.int32)
    zs = zs.copy()
    for _ in range(maxiter):
        mask = np.abs(zs) < 2
        if not mask.any():
            break
        zs[mask] = zs[mask] * zs[mask] + cs[mask]
        output[mask] += 1
    return output


_numba_kernels = {}


def numba_kernel(parallel):
    if parallel in _numba_kernels:
        return _numba_kernels[parallel]
    try:
        import numba
    except ImportError as e:
        raise VariantUnavailable("numba not available: " + one_line(e))

    # The book's loop on complex128, as Numba compiles it (abs is hypot, like CPython's).
    @numba.njit(parallel=parallel)
    def julia_numba(maxiter, xs, ys, c, output):
        for j in numba.prange(ys.shape[0]):
            for i in range(xs.shape[0]):
                z = complex(xs[i], ys[j])
                n = 0
                while abs(z) < 2 and n < maxiter:
                    z = z * z + c
                    n += 1
                output[j, i] = n
    _numba_kernels[parallel] = julia_numba
    return julia_numba


def make_runner(variant, width, maxiter, threads):
    x, y = book_grid(width)
    if variant in ("python", "cython"):
        zs = [complex(xc, yc) for yc in y for xc in x]
        cs = [complex(C_REAL, C_IMAG)] * len(zs)
        if variant == "python":
            return (lambda: calculate_z_serial_purepython(maxiter, zs, cs)), []
        import particles  # its Cython loader builds julia_cy.pyx too
        try:
            mod = particles.load_cython_module("julia_cy")
        except particles.VariantUnavailable as e:
            raise VariantUnavailable(str(e))
        import Cython
        return (lambda: mod.calculate_z(maxiter, zs, cs)), [("Cython", Cython.__version__)]

    try:
        import numpy as np
    except ImportError as e:
        raise VariantUnavailable("numpy not available: " + one_line(e))
    libs = [("numpy", np.__version__)]
    xs = np.array(x, dtype=np.float64)
    ys = np.array(y, dtype=np.float64)
    if variant == "numpy":
        zs = (xs[np.newaxis, :] + 1j * ys[:, np.newaxis]).ravel()
        cs = np.full(zs.shape, complex(C_REAL, C_IMAG))
        return (lambda: calculate_z_numpy(maxiter, zs, cs)), libs

    parallel = variant == "numba-parallel"
    kernel = numba_kernel(parallel)
    import numba
    if parallel:
        numba.set_num_threads(threads)
    libs.append(("numba", numba.__version__))
    c = complex(C_REAL, C_IMAG)

    def run():
        output = np.empty((ys.shape[0], xs.shape[0]), dtype=np.int32)
        kernel(maxiter, xs, ys, c, output)
        return output
    return run, libs


# ---- harness -------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("julia.py: %s\n" % message)
        sys.exit(2)


def parse_args(argv):
    p = _Parser(description="HyperSharp Julia-set peer (Python rungs)")
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--width", required=True, type=int)
    p.add_argument("--maxiter", required=True, type=int)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1)
    a = p.parse_args(argv)
    if a.width < 1:
        p.error("--width must be >= 1")
    if a.maxiter < 1:
        p.error("--maxiter must be >= 1")
    if a.threads < 1:
        p.error("--threads must be >= 1")
    if a.repeats < 1:
        p.error("--repeats must be >= 1")
    return a


def rung_name(variant):
    return "pypy-python" if IS_PYPY and variant == "python" else variant


def peak_rss_bytes():
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except Exception:
        return None


def interpreter_version():
    v = platform.python_version()
    if IS_PYPY:
        pv = sys.pypy_version_info
        return "PyPy %d.%d.%d (Python %s)" % (pv.major, pv.minor, pv.micro, v)
    return "CPython " + v


def main(argv):
    a = parse_args(argv)
    rung = rung_name(a.variant)
    os.environ.setdefault("NUMBA_NUM_THREADS", str(max(a.threads, os.cpu_count() or 1)))

    try:
        run, libs = make_runner(a.variant, a.width, a.maxiter, a.threads)
        run()  # warm-up: JIT cost lands here, untimed
    except VariantUnavailable as e:
        print(json.dumps({"schema": "hypersharp/result@1", "system": "julia", "rung": rung,
                          "kind": "peer", "error": str(e)}, separators=(",", ":")))
        return 3

    secs = []
    output = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        output = run()
        secs.append(time.perf_counter() - t0)

    checksum = int(sum(output)) if isinstance(output, list) else int(output.sum(dtype="int64"))
    secs.sort()
    n = len(secs)
    median = secs[n // 2] if n % 2 else 0.5 * (secs[n // 2 - 1] + secs[n // 2])
    version = " ".join([interpreter_version()] + ["%s %s" % lv for lv in libs])
    out = {
        "schema": "hypersharp/result@1", "system": "julia", "rung": rung, "kind": "peer",
        "implementation": "pypy" if IS_PYPY else "python",
        "spec": {"width": a.width, "maxiter": a.maxiter},
        "threads": a.threads, "repeats": a.repeats,
        "seconds": median, "min_seconds": secs[0], "max_seconds": secs[-1],
        "work": checksum, "throughput": checksum / median if median > 0 else 0.0,
        "unit": "iterations/s", "checksum": checksum,
        "peak_working_set_bytes": peak_rss_bytes(), "version": version,
    }
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
