"""HyperSharp diffusion peer: the heat equation on a periodic grid, as the book writes it
(Gorelick & Ozsvald, High Performance Python, ch. 6).

    diffusion.py --variant python|numpy|numpy-inplace|numexpr|numba --size N --steps S
                 [--dims 1|2] [--threads K] [--repeats R]

The start is the book's (zeros, cells [int(N*0.4), int(N*0.5)) of each side at 0.005), so
it is deterministic in N and needs no input file. One untimed warm-up evolve, then R timed
evolves from a fresh start; prints one hypersharp/result@2 JSON line, checksum = sum of
squares of the final grid.
"""
import sys

import peer
from peer import VariantUnavailable

DT = 0.1
D = 1.0
VARIANTS = ("python", "numpy", "numpy-inplace", "numexpr", "numba")


# ---- the book's pure Python: lists of lists, a new grid every step ----------------

def evolve_python(grid, dt, D=1.0):
    xmax, ymax = len(grid), len(grid[0])
    new_grid = [[0.0] * ymax for _ in range(xmax)]
    for i in range(xmax):
        for j in range(ymax):
            grid_xx = grid[(i + 1) % xmax][j] + grid[(i - 1) % xmax][j] - 2.0 * grid[i][j]
            grid_yy = grid[i][(j + 1) % ymax] + grid[i][(j - 1) % ymax] - 2.0 * grid[i][j]
            new_grid[i][j] = grid[i][j] + D * (grid_xx + grid_yy) * dt
    return new_grid


def evolve_python_1d(line, dt, D=1.0):
    n = len(line)
    return [line[i] + D * (line[(i + 1) % n] + line[(i - 1) % n] - 2.0 * line[i]) * dt for i in range(n)]


def start_lists(n, dims):
    lo, hi = int(n * 0.4), int(n * 0.5)
    if dims == 1:
        return [0.005 if lo <= j < hi else 0.0 for j in range(n)]
    return [[0.005 if lo <= i < hi and lo <= j < hi else 0.0 for j in range(n)] for i in range(n)]


# ---- NumPy ----------------------------------------------------------------------------

def start_array(np, n, dims):
    lo, hi = int(n * 0.4), int(n * 0.5)
    if dims == 1:
        g = np.zeros(n)
        g[lo:hi] = 0.005
    else:
        g = np.zeros((n, n))
        g[lo:hi, lo:hi] = 0.005
    return g


# ---- runners: (prepare, run, result) per variant ---------------------------------------
# prepare() builds a fresh state outside the timed region, run(state) is timed (it keeps
# the current grid in state[0]), result(state) returns the final grid.

def final_grid(st):
    return st[0]


def make_runner(variant, n, dims, steps, threads):
    if variant == "python":
        step = evolve_python if dims == 2 else evolve_python_1d

        def prepare():
            return [start_lists(n, dims)]

        def run(st):
            grid = st[0]
            for _ in range(steps):
                grid = step(grid, DT, D)
            st[0] = grid
        return prepare, run, final_grid, []

    try:
        import numpy as np
    except ImportError:
        raise VariantUnavailable("numpy is not installed")
    libs = [("numpy", np.__version__)]
    axes = (0, 1) if dims == 2 else (0,)

    if variant == "numpy":
        # The book's first NumPy version: np.roll allocates a new array per neighbour per step.
        def laplacian(grid):
            lap = -2.0 * len(axes) * grid
            for ax in axes:
                lap = lap + np.roll(grid, +1, ax) + np.roll(grid, -1, ax)
            return lap

        def prepare():
            return [start_array(np, n, dims)]

        def run(st):
            grid = st[0]
            for _ in range(steps):
                grid = grid + DT * D * laplacian(grid)
            st[0] = grid
        return prepare, run, final_grid, libs

    def roll_add(rollee, shift, axis, out):
        """out += np.roll(rollee, shift, axis) without the temporary (the book's roll_add)."""
        if rollee.ndim == 1:
            if shift == 1:
                out[1:] += rollee[:-1]
                out[0] += rollee[-1]
            else:
                out[:-1] += rollee[1:]
                out[-1] += rollee[0]
        elif axis == 0:
            if shift == 1:
                out[1:, :] += rollee[:-1, :]
                out[0, :] += rollee[-1, :]
            else:
                out[:-1, :] += rollee[1:, :]
                out[-1, :] += rollee[0, :]
        else:
            if shift == 1:
                out[:, 1:] += rollee[:, :-1]
                out[:, 0] += rollee[:, -1]
            else:
                out[:, :-1] += rollee[:, 1:]
                out[:, -1] += rollee[:, 0]

    def laplacian_into(grid, out):
        np.copyto(out, grid)
        out *= -2.0 * len(axes)
        for ax in axes:
            roll_add(grid, +1, ax, out)
            roll_add(grid, -1, ax, out)

    def prepare_pair():
        grid = start_array(np, n, dims)
        return [grid, np.empty_like(grid)]

    if variant == "numpy-inplace":
        # The book's memory lesson: two grids allocated once, every operation in place.
        def run(st):
            grid, nxt = st
            for _ in range(steps):
                laplacian_into(grid, nxt)
                nxt *= DT * D
                nxt += grid
                grid, nxt = nxt, grid
            st[0], st[1] = grid, nxt
        return prepare_pair, run, final_grid, libs

    if variant == "numexpr":
        try:
            import numexpr as ne
        except ImportError:
            raise VariantUnavailable("numexpr is not installed")
        ne.set_num_threads(threads)
        peer.threads_used(ne.get_num_threads())
        libs.append(("numexpr", ne.__version__))

        def run(st):
            grid, nxt = st
            for _ in range(steps):
                laplacian_into(grid, nxt)
                ne.evaluate("nxt * D * DT + grid", local_dict={"nxt": nxt, "grid": grid, "D": D, "DT": DT}, out=nxt)
                grid, nxt = nxt, grid
            st[0], st[1] = grid, nxt
        return prepare_pair, run, final_grid, libs

    if variant == "numba":
        try:
            import numba
        except ImportError:
            raise VariantUnavailable("numba is not installed")
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
        peer.threads_used(numba.get_num_threads() if dims == 2 else 1)   # the 1D kernel is serial
        libs.append(("numba", numba.__version__))

        # Written as the Numba documentation recommends for stencils: the 1D/2D branch hoisted out of the loops (two
        # kernels), no Python-semantics % per cell (the wrap is resolved once per row and at the two edge columns),
        # the interior a plain counted loop LLVM vectorises. Same formula and order as every rung: bit-identical.
        # 2D indices throughout: Numba 0.56's parallel loops lost the stores through a row view made in the loop body
        # (grid[i] then o[n - 1] = …: the last column never written, NaN from np.empty).
        @numba.njit(parallel=True, fastmath=False)
        def step_plane(grid, nxt, k):
            rows, n = grid.shape
            for i in numba.prange(rows):
                up = rows - 1 if i == 0 else i - 1
                down = 0 if i == rows - 1 else i + 1
                first = grid[i, 0]
                nxt[i, 0] = first + k * (((grid[up, 0] + grid[down, 0]) + (grid[i, n - 1] + grid[i, 1 % n])) - 4.0 * first)
                for j in range(1, n - 1):
                    c = grid[i, j]
                    nxt[i, j] = c + k * (((grid[up, j] + grid[down, j]) + (grid[i, j - 1] + grid[i, j + 1])) - 4.0 * c)
                last = grid[i, n - 1]
                nxt[i, n - 1] = last + k * (((grid[up, n - 1] + grid[down, n - 1]) + (grid[i, n - 2] + grid[i, 0])) - 4.0 * last)

        @numba.njit(fastmath=False)
        def evolve_plane(grid, nxt, steps, k):
            for _ in range(steps):
                step_plane(grid, nxt, k)
                grid, nxt = nxt, grid
            return grid

        @numba.njit(fastmath=False)
        def evolve_line(grid, nxt, steps, k):
            n = grid.shape[1]
            for _ in range(steps):
                first = grid[0, 0]
                nxt[0, 0] = first + k * ((grid[0, n - 1] + grid[0, 1 % n]) - 2.0 * first)
                for j in range(1, n - 1):
                    c = grid[0, j]
                    nxt[0, j] = c + k * ((grid[0, j - 1] + grid[0, j + 1]) - 2.0 * c)
                last = grid[0, n - 1]
                nxt[0, n - 1] = last + k * ((grid[0, n - 2] + grid[0, 0]) - 2.0 * last)
                grid, nxt = nxt, grid
            return grid

        evolve_numba = evolve_line if dims == 1 else evolve_plane

        def prepare():
            grid = start_array(np, n, dims).reshape((1, n) if dims == 1 else (n, n))
            return [grid, np.empty_like(grid)]

        def run(st):
            st[0] = evolve_numba(st[0], st[1], steps, DT * D)
        return prepare, run, final_grid, libs

    raise AssertionError(variant)


def sum_of_squares(grid):
    total = 0.0
    rows = grid if isinstance(grid, list) and grid and isinstance(grid[0], list) else [grid]
    for row in rows:
        for v in (row.ravel().tolist() if hasattr(row, "ravel") else row):
            total += v * v
    return total


# ---- harness -------------------------------------------------------------------------

def parse_args(argv):
    p = peer.parser("diffusion.py", "HyperSharp diffusion peer (the book's Python)")
    p.add_argument("--variant", required=True, choices=VARIANTS)
    p.add_argument("--size", required=True, type=int)
    p.add_argument("--steps", required=True, type=int)
    p.add_argument("--dims", type=int, default=2, choices=(1, 2))
    a = p.parse_args(argv)
    peer.require_positive(p, a, "size", "steps", "threads", "repeats")
    return a


def main(argv):
    a = parse_args(argv)
    peer.size_thread_pools(a.threads, "NUMBA_NUM_THREADS")

    try:
        prepare, run, result, libs = make_runner(a.variant, a.size, a.dims, a.steps, a.threads)
        state, secs = peer.timed(run, a.repeats, prepare)
    except VariantUnavailable as e:
        return peer.error("diffusion", a.variant, str(e))

    cells = a.size if a.dims == 1 else a.size * a.size
    spec = {"size": a.size, "steps": a.steps, "dims": a.dims, "cells": cells, "dt": DT, "d": D}
    grid = result(state)
    return peer.result("diffusion", a.variant, spec, a, secs, cells * a.steps, "cell-updates/s",
                       sum_of_squares(grid), peer.version_string(libs), fingerprint=peer.fingerprint_f64(grid))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
