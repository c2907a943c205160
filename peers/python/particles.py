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
import argparse
import json
import os
import platform
import sys
import time
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = ("objects", "numpy", "numexpr", "numba", "numba-parallel", "cython")
IS_PYPY = platform.python_implementation() == "PyPy"


class VariantUnavailable(Exception):
    """The variant cannot run here (missing module, failed build)."""


def one_line(e):
    """The last non-empty line of an exception message (NumPy's import error is a page long)."""
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return lines[-1] if lines else type(e).__name__


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


class _StdoutToStderr:
    """fd-level redirect: compilers spawned by setuptools write to fd 1 directly."""

    def __enter__(self):
        sys.stdout.flush()
        self.saved = os.dup(1)
        os.dup2(2, 1)

    def __exit__(self, *exc):
        sys.stdout.flush()
        os.dup2(self.saved, 1)
        os.close(self.saved)


def load_cython_module(name="particles_cy"):
    """Builds NAME.pyx once into build/cython-<hash>/ and imports it (julia.py builds julia_cy with it)."""
    import hashlib
    import importlib.util
    import shutil
    import sysconfig
    import tempfile
    import warnings
    try:
        import Cython
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Cython's optional pythran import is noisy
            from Cython.Build import cythonize
        from setuptools import Extension
        from setuptools.dist import Distribution
    except ImportError as e:
        raise VariantUnavailable("Cython/setuptools not available: " + one_line(e))

    src = HERE / (name + ".pyx")
    key = hashlib.sha256(src.read_bytes() + sys.version.encode() + Cython.__version__.encode())
    out = HERE / "build" / ("cython-" + key.hexdigest()[:16])
    so = out / (name + sysconfig.get_config_var("EXT_SUFFIX"))
    if not so.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        # Build in a scratch dir and rename, so concurrent runs never see half a build.
        tmp = Path(tempfile.mkdtemp(prefix="cython-tmp-", dir=str(out.parent)))
        try:
            # Cythonize a copy: Cython writes the .c next to its source.
            pyx = tmp / src.name
            shutil.copy2(str(src), str(pyx))
            with _StdoutToStderr():
                exts = cythonize([Extension(name, [str(pyx)])], quiet=True)
                dist = Distribution({"ext_modules": exts, "script_name": "particles.py"})
                cmd = dist.get_command_obj("build_ext")
                cmd.build_lib = str(tmp / "lib")
                cmd.build_temp = str(tmp / "obj")
                cmd.ensure_finalized()
                cmd.run()
            built = tmp / "lib" / so.name
            if not built.exists():
                raise VariantUnavailable("cython build produced no module")
            final = tmp / "final"
            final.mkdir()
            shutil.copy2(str(built), str(final / so.name))
            try:
                os.rename(str(final), str(out))
            except OSError:
                if not so.exists():
                    raise
        except VariantUnavailable:
            raise
        except (Exception, SystemExit) as e:  # setuptools reports compiler failure as SystemExit
            raise VariantUnavailable("cython build failed: " + one_line(e))
        finally:
            shutil.rmtree(str(tmp), ignore_errors=True)
    spec = importlib.util.spec_from_file_location(name, str(so))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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
            mod = load_cython_module()
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

class _Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("particles.py: %s\n" % message)
        sys.exit(2)


def parse_args(argv):
    p = _Parser(description="HyperSharp particle-simulator peer (Python rungs)")
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--input", required=True)
    p.add_argument("--count", required=True, type=int)
    p.add_argument("--steps", required=True, type=int)
    p.add_argument("--dt", required=True, type=float)
    p.add_argument("--time", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--dump", action="store_true", help="print the final state to stderr")
    a = p.parse_args(argv)
    if a.count < 1:
        p.error("--count must be >= 1")
    if a.steps < 0:
        p.error("--steps must be >= 0")
    if not a.dt > 0:
        p.error("--dt must be > 0")
    if a.threads < 1:
        p.error("--threads must be >= 1")
    if a.repeats < 1:
        p.error("--repeats must be >= 1")
    return a


def rung_name(variant):
    if variant == "objects":
        return "pypy-objects" if IS_PYPY else "python-objects"
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

    # Thread pools are sized at import; allow more than the core count if asked.
    os.environ.setdefault("NUMBA_NUM_THREADS", str(max(a.threads, os.cpu_count() or 1)))
    os.environ.setdefault("NUMEXPR_MAX_THREADS", str(max(a.threads, os.cpu_count() or 1)))

    try:
        xs, ys, ws = load_input(a.input, a.count)
    except (OSError, ValueError) as e:
        sys.stderr.write("particles.py: cannot read input: %s\n" % e)
        return 2

    try:
        prepare, run, result, libs = make_runner(a.variant, xs, ys, ws, a.steps, a.dt, a.threads)
        run(prepare())  # warm-up: JIT / build cost lands here, untimed
    except VariantUnavailable as e:
        print(json.dumps({"schema": "hypersharp/result@1", "system": "particles", "rung": rung,
                          "kind": "peer", "error": str(e)}, separators=(",", ":")))
        return 3

    secs = []
    state = None
    for _ in range(a.repeats):
        state = prepare()
        t0 = time.perf_counter()
        run(state)
        secs.append(time.perf_counter() - t0)

    fx, fy = result(state)
    checksum = 0.0
    for x, y in zip(fx, fy):  # sequential, same order as the other peers
        checksum += x + y
    if a.dump:
        for x, y in zip(fx, fy):
            sys.stderr.write("%r %r\n" % (x, y))

    secs.sort()
    n = len(secs)
    median = secs[n // 2] if n % 2 else 0.5 * (secs[n // 2 - 1] + secs[n // 2])
    work = a.count * a.steps
    version = " ".join([interpreter_version()] + ["%s %s" % lv for lv in libs])
    out = {
        "schema": "hypersharp/result@1", "system": "particles", "rung": rung, "kind": "peer",
        "implementation": "pypy" if IS_PYPY else "python",
        "spec": {"count": a.count, "time": a.time, "steps": a.steps, "dt": a.dt, "seed": a.seed},
        "threads": a.threads, "repeats": a.repeats,
        "seconds": median, "min_seconds": secs[0], "max_seconds": secs[-1],
        "work": work, "throughput": work / median if median > 0 else 0.0,
        "unit": "particle-steps/s", "checksum": checksum,
        "peak_working_set_bytes": peak_rss_bytes(), "version": version,
    }
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
