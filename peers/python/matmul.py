#!/usr/bin/python3
"""HyperSharp peer: matrix multiplication C = A @ B of two N x N matrices (Lanaro ch. 7), NumPy on its BLAS.

  matmul.py --variant numpy --size N [--dtype float64|float32] --seed S [--threads K] [--repeats R]

A is elements [0, N^2) of HyperSharp's UniformStream (uniform.py), B the next N^2 (rounded to float32 for that
dtype), drawn before the clock. The timed call is np.matmul(A, B, out=C). OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are
removed from this process's environment before NumPy loads OpenBLAS: set, they force an older, slower kernel. The BLAS
that ran (threadpoolctl: library, version, kernel architecture, threading) is in the result's version string, and
its thread count is set to --threads.
"""
import os
import sys

# Before NumPy is imported: OpenBLAS reads them when it loads. This process only.
for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_var, None)

import peer  # noqa: E402


def blas_description(np):
    """Which BLAS NumPy called, and its kernel: threadpoolctl's view, else NumPy's build config."""
    try:
        from threadpoolctl import threadpool_info
        blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if blas:
            i = blas[0]
            return "%s %s (%s, %s)" % (i.get("internal_api"), i.get("version"), i.get("architecture"), i.get("threading_layer"))
    except ImportError:
        pass
    try:
        info = np.__config__.get_info("blas_opt_info")
        return "blas " + ",".join(info.get("libraries", [])) if info else "blas unknown"
    except Exception:  # noqa: BLE001 - only a description
        return "blas unknown"


def main():
    p = peer.parser("matmul.py", __doc__)
    p.add_argument("--variant", choices=("numpy",), required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    peer.require_positive(p, a, "size", "threads", "repeats")
    try:
        import numpy as np
    except ImportError:
        return peer.error("matmul", "numpy", "numpy is not installed")
    import uniform
    n = a.size
    v = uniform.doubles(np, 2 * n * n, a.seed)
    dt = np.float32 if a.dtype == "float32" else np.float64
    A = v[:n * n].reshape(n, n).astype(dt)
    B = v[n * n:].reshape(n, n).astype(dt)
    del v
    C = np.empty((n, n), dtype=dt)
    try:
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(limits=a.threads, user_api="blas")
        peer.threads_used(a.threads)
    except ImportError:
        limits = None
        peer.threads_used(None)
    _, secs = peer.timed(lambda: np.matmul(A, B, out=C), a.repeats)
    blas = blas_description(np)
    if limits is not None:
        limits.restore_original_limits()
    total = float(C.astype(np.float64).sum())
    return peer.result("matmul", "numpy", {"size": n, "dtype": a.dtype, "seed": a.seed}, a, secs, 2 * n ** 3,
                       "FLOP/s", total, peer.version_string([("numpy", np.__version__)]) + " " + blas,
                       fingerprint=peer.fingerprint_f64(C) if a.dtype == "float64" else _fingerprint_f32(C))


def _fingerprint_f32(c):
    h = peer._Digest()
    h.update(c.astype("<f4", copy=False).tobytes(order="C"))
    return h.hexdigest()


if __name__ == "__main__":
    sys.exit(main())
