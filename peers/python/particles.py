#!/usr/bin/python3
"""HyperSharp peer: the particle simulator rungs of Lanaro, "Python High Performance".

Particles rotate around the origin; every step each one moves by
dt*w * (-y, x)/|r|. The rungs follow the book: plain Python objects, NumPy,
numexpr, Numba (serial and parallel) and Cython. `objects` also runs under PyPy
(reported as `pypy-objects`) and then needs nothing beyond the standard library.

Usage (one JSON line on stdout, logs on stderr):
  particles.py --variant V --input FILE --count N --steps S --dt D --time T
               --seed SEED --threads K --repeats R [--dump]

Runs one untimed warm-up evolve (JIT / Cython compilation happens there), then
R timed evolves, each from a fresh copy of the initial state.
"""
import sys
from array import array

import peer
from peer import VariantUnavailable, one_line

VARIANTS = ("objects", "numpy", "numexpr", "numba", "numba-parallel", "cython")


# ---- the book's rungs ---------------------------------------------------------

class Particle:
    def __init__(self, x, y, ang_vel):
        self.x = x
        self.y = y
        self.ang_vel = ang_vel


class ParticleSimulator:
    def __init__(self, particles):
        self.particles = particles

    # The book derives nsteps = int(t/timestep); the harness passes both.
    def evolve(self, nsteps, timestep):
        for i in range(nsteps):
            for p in self.particles:
                # 1. calculate the direction
                norm = (p.x**2 + p.y**2)**0.5
                v_x = -p.y/norm
                v_y = p.x/norm

                # 2. calculate the displacement
                d_x = timestep * p.ang_vel * v_x
                d_y = timestep * p.ang_vel * v_y

                p.x += d_x
                p.y += d_y


def evolve_numpy(r_i, ang_vel_i, nsteps, timestep):
    import numpy as np
    for i in range(nsteps):
        norm_i = np.sqrt((r_i ** 2).sum(axis=1))
        v_i = r_i[:, [1, 0]]
        v_i[:, 0] *= -1
        v_i /= norm_i[:, np.newaxis]
        d_i = timestep * ang_vel_i[:, np.newaxis] * v_i
        r_i += d_i


def evolve_numexpr(x_i, y_i, ang_vel_i, nsteps, timestep):
    # numexpr cannot slice inside an expression, so x and y live in separate
    # contiguous arrays; each step is two fused expressions that both read the
    # old x, y (hence the swap buffers) with no NumPy temporaries.
    import numpy as np
    import numexpr as ne
    norm_i = np.empty_like(x_i)
    x_new, y_new = np.empty_like(x_i), np.empty_like(y_i)
    for i in range(nsteps):
        ne.evaluate("sqrt(x_i**2 + y_i**2)", out=norm_i)
        ne.evaluate("x_i + timestep * ang_vel_i * (-y_i / norm_i)", out=x_new)
        ne.evaluate("y_i + timestep * ang_vel_i * (x_i / norm_i)", out=y_new)
        x_i, x_new = x_new, x_i
        y_i, y_new = y_new, y_i
    return x_i, y_i


_numba_kernels = {}
NUMBA_BLOCK = 256  # particles per prange task: 6 KiB of x, y, w, stays in L1


def numba_kernel(parallel):
    """Compiles lazily so that importing this file never needs numba."""
    if parallel in _numba_kernels:
        return _numba_kernels[parallel]
    try:
        import numba
    except ImportError as e:
        raise VariantUnavailable("numba not available: " + one_line(e))
    from math import sqrt

    if not parallel:
        @numba.njit
        def evolve_numba(x, y, w, nsteps, timestep):
            n = x.shape[0]
            for i in range(nsteps):
                for j in range(n):
                    norm = sqrt(x[j] ** 2 + y[j] ** 2)
                    v_x = -y[j] / norm
                    v_y = x[j] / norm
                    dtw = timestep * w[j]
                    x[j] += dtw * v_x
                    y[j] += dtw * v_y
        kernel = evolve_numba
    else:
        # Particles are independent: prange over blocks of particles, and each
        # thread runs all steps of its block (no per-step synchronisation).
        # Blocks rather than single particles: one particle's steps form a
        # serial sqrt/div dependency chain (measured ~3x slower per thread),
        # while a block's inner particle loop keeps the dividers busy.
        block = NUMBA_BLOCK

        @numba.njit(parallel=True)
        def evolve_numba_parallel(x, y, w, nsteps, timestep):
            n = x.shape[0]
            nblocks = (n + block - 1) // block
            for b in numba.prange(nblocks):
                lo = b * block
                hi = min(lo + block, n)
                for i in range(nsteps):
                    for j in range(lo, hi):
                        norm = sqrt(x[j] ** 2 + y[j] ** 2)
                        v_x = -y[j] / norm
                        v_y = x[j] / norm
                        dtw = timestep * w[j]
                        x[j] += dtw * v_x
                        y[j] += dtw * v_y
        kernel = evolve_numba_parallel
    _numba_kernels[parallel] = kernel
    return kernel


# ---- runners: (prepare, run, result) per variant -----------------------------
# prepare() builds a fresh state outside the timed region, run(state) is timed,
# result(state) returns the final (xs, ys) as Python lists.

def make_runner(variant, xs, ys, ws, steps, dt, threads):
    if variant == "objects":
        def prepare():
            return ParticleSimulator([Particle(x, y, w) for x, y, w in zip(xs, ys, ws)])

        def run(sim):
            sim.evolve(steps, dt)

        def result(sim):
            return [p.x for p in sim.particles], [p.y for p in sim.particles]
        return prepare, run, result, []

    try:
        import numpy as np
    except ImportError as e:
        raise VariantUnavailable("numpy not available: " + one_line(e))
    x0 = np.asarray(xs, dtype=np.float64)
    y0 = np.asarray(ys, dtype=np.float64)
    w0 = np.ascontiguousarray(ws, dtype=np.float64)
    libs = [("numpy", np.__version__)]

    if variant in ("numpy", "cython"):
        if variant == "numpy":
            def run(st):
                evolve_numpy(st, w0, steps, dt)
        else:
            mod = peer.load_cython_module("particles_cy")
            import Cython
            libs.append(("Cython", Cython.__version__))

            def run(st):
                mod.evolve_cython(st, w0, dt, steps)

        def prepare():
            return np.column_stack((x0, y0))  # the book's r_i, shape (n, 2)

        def result(st):
            return st[:, 0].tolist(), st[:, 1].tolist()
        return prepare, run, result, libs

    if variant == "numexpr":
        try:
            import numexpr as ne
        except ImportError as e:
            raise VariantUnavailable("numexpr not available: " + one_line(e))
        ne.set_num_threads(threads)
        peer.threads_used(ne.get_num_threads())
        libs.append(("numexpr", ne.__version__))

        def prepare():
            return [x0.copy(), y0.copy()]

        def run(st):
            st[0], st[1] = evolve_numexpr(st[0], st[1], w0, steps, dt)

        def result(st):
            return st[0].tolist(), st[1].tolist()
        return prepare, run, result, libs

    if variant in ("numba", "numba-parallel"):
        parallel = variant == "numba-parallel"
        kernel = numba_kernel(parallel)
        import numba
        if parallel:
            numba.set_num_threads(threads)
            peer.threads_used(numba.get_num_threads())
        libs.append(("numba", numba.__version__))

        def prepare():
            return [x0.copy(), y0.copy()]

        def run(st):
            kernel(st[0], st[1], w0, steps, dt)

        def result(st):
            return st[0].tolist(), st[1].tolist()
        return prepare, run, result, libs

    raise AssertionError(variant)


# ---- harness -------------------------------------------------------------------

def parse_args(argv):
    p = peer.parser("particles.py", "HyperSharp particle-simulator peer (Python rungs)")
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--input", required=True)
    p.add_argument("--count", required=True, type=int)
    p.add_argument("--steps", required=True, type=int)
    p.add_argument("--dt", required=True, type=float)
    p.add_argument("--time", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dump", action="store_true", help="print the final state to stderr")
    a = p.parse_args(argv)
    if a.count < 1:
        p.error("--count must be >= 1")
    if a.steps < 0:
        p.error("--steps must be >= 0")
    if not a.dt > 0:
        p.error("--dt must be > 0")
    peer.require_positive(p, a, "threads", "repeats")
    return a


def rung_name(variant):
    if variant == "objects":
        return "pypy-objects" if peer.IS_PYPY else "python-objects"
    return variant


def load_input(path, count):
    """Reads count*x, count*y, count*w little-endian float64 with the stdlib only."""
    data = array("d")
    try:
        with open(path, "rb") as f:
            data.fromfile(f, 3 * count)
    except EOFError:
        raise ValueError("input file shorter than 3*count doubles: %s" % path)
    if sys.byteorder != "little":
        data.byteswap()
    return data[:count].tolist(), data[count:2 * count].tolist(), data[2 * count:].tolist()


def main(argv):
    a = parse_args(argv)
    rung = rung_name(a.variant)
    peer.size_thread_pools(a.threads, "NUMBA_NUM_THREADS", "NUMEXPR_MAX_THREADS")

    try:
        xs, ys, ws = load_input(a.input, a.count)
    except (OSError, ValueError) as e:
        sys.stderr.write("particles.py: cannot read input: %s\n" % e)
        return 2

    try:
        prepare, run, result, libs = make_runner(a.variant, xs, ys, ws, a.steps, a.dt, a.threads)
        state, secs = peer.timed(run, a.repeats, prepare)
    except VariantUnavailable as e:
        return peer.error("particles", rung, str(e))

    fx, fy = result(state)
    checksum = 0.0
    for x, y in zip(fx, fy):  # sequential, same order as the other peers
        checksum += x + y
    if a.dump:
        for x, y in zip(fx, fy):
            sys.stderr.write("%r %r\n" % (x, y))

    spec = {"count": a.count, "time": a.time, "steps": a.steps, "dt": a.dt, "seed": a.seed}
    return peer.result("particles", rung, spec, a, secs, a.count * a.steps, "particle-steps/s", checksum,
                       peer.version_string(libs), fingerprint=peer.fingerprint_f64(fx, fy))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
