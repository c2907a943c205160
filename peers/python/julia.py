#!/usr/bin/python3
"""HyperSharp peer: the Julia set rungs of Gorelick & Ozsvald, "High Performance Python" (ch. 2, 7).

z = z*z + c on the book's grid over [-1.8, 1.8]^2 with c = -0.62772 - 0.42193i, counting iterations while
abs(z) < 2 and n < maxiter. The grid is the book's: x and y lists built by repeated float addition (so a width
can give width + 1 points). The rungs: the book's pure Python (`python`, also under PyPy as `pypy-python`), the
book's NumPy (masked whole-array updates), Numba and Numba parallel (prange over rows), and the book's Cython
`calculate_z` (julia_cy.pyx, built on first use into build/ by peer.py's loader).

Usage (one JSON line on stdout, logs on stderr):
  julia.py --variant V --width W --maxiter M --threads K --repeats R

One untimed warm-up run (JIT compilation happens there), then R timed runs. checksum = sum of all counts, which is
also the work (iterations executed); the book's test is width 1000, maxiter 300 -> 33219980.
"""
import sys

import peer
from peer import VariantUnavailable, one_line

VARIANTS = ("python", "numpy", "numba", "numba-parallel", "cython")
X1, X2, Y1, Y2 = -1.8, 1.8, -1.8, 1.8
C_REAL, C_IMAG = -0.62772, -0.42193


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

    # As Numba's documentation recommends for hot loops, and as the C peer and the C# rungs are written: real
    # arithmetic in the order Python's complex z * z + c rounds it (re = (x·x − y·y) + c.re, im = (x·y + y·x) + c.im,
    # no fastmath, so no fused multiply-add), |z|² < 4 instead of the hypot in abs(z) < 2 (the same points escape
    # on this grid: the exact C# rungs use it), and rows dealt out cyclically to the threads (row t, t + T, …) so
    # the expensive rows near the set are shared as the C peer's dynamic schedule shares them.
    @numba.njit(parallel=parallel, fastmath=False)
    def julia_numba(maxiter, xs, ys, c, output):
        rows, cols = ys.shape[0], xs.shape[0]
        cr, ci = c.real, c.imag
        workers = numba.get_num_threads() if parallel else 1
        for t in numba.prange(workers):
            for j in range(t, rows, workers):
                y0 = ys[j]
                for i in range(cols):
                    x, y = xs[i], y0
                    n = 0
                    while n < maxiter:
                        xx, yy, xy = x * x, y * y, x * y
                        if xx + yy >= 4.0:
                            break
                        x, y = (xx - yy) + cr, (xy + xy) + ci
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
        mod = peer.load_cython_module("julia_cy")
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
        peer.threads_used(numba.get_num_threads())
    libs.append(("numba", numba.__version__))
    c = complex(C_REAL, C_IMAG)

    def run():
        output = np.empty((ys.shape[0], xs.shape[0]), dtype=np.int32)
        kernel(maxiter, xs, ys, c, output)
        return output
    return run, libs


# ---- harness -------------------------------------------------------------------

def parse_args(argv):
    p = peer.parser("julia.py", "HyperSharp Julia-set peer (Python rungs)")
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--width", required=True, type=int)
    p.add_argument("--maxiter", required=True, type=int)
    a = p.parse_args(argv)
    peer.require_positive(p, a, "width", "maxiter", "threads", "repeats")
    return a


def rung_name(variant):
    return "pypy-python" if peer.IS_PYPY and variant == "python" else variant


def main(argv):
    a = parse_args(argv)
    rung = rung_name(a.variant)
    peer.size_thread_pools(a.threads, "NUMBA_NUM_THREADS")

    try:
        run, libs = make_runner(a.variant, a.width, a.maxiter, a.threads)
        output, secs = peer.timed(run, a.repeats)
    except VariantUnavailable as e:
        return peer.error("julia", rung, str(e))

    checksum = int(sum(output)) if isinstance(output, list) else int(output.sum(dtype="int64"))
    return peer.result("julia", rung, {"width": a.width, "maxiter": a.maxiter}, a, secs, checksum, "iterations/s",
                       checksum, peer.version_string(libs), fingerprint=peer.fingerprint_i32(output))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
