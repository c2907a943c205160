#!/usr/bin/python3
"""HyperSharp peer: the squared norm of a vector, sum of v[i]**2, the rungs of Gorelick ch. 6.

  norm.py --variant loop|comprehension|array|numpy-sum|numpy-dot --count N --seed S [--threads K] [--repeats R]

The vector is HyperSharp's UniformStream (uniform.py), drawn before the clock starts, as a list, an array.array or
a NumPy array as the variant needs. Checksum and fingerprint: the sum (one little-endian float64).
"""
import os
import struct
import sys
from array import array

# A one-thread peer: np.dot over a vector is BLAS ddot, which OpenBLAS runs on every core unless told before it loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[_var] = "1"

import peer
from peer import VariantUnavailable

VARIANTS = ("loop", "comprehension", "array", "numpy-sum", "numpy-dot")


def norm_square_loop(vector):
    """The book's pure Python loop over a list."""
    norm = 0.0
    for v in vector:
        norm += v * v
    return norm


def norm_square_comprehension(vector):
    """The book's generator expression."""
    return sum(v * v for v in vector)


def main():
    p = peer.parser("norm.py", __doc__)
    p.add_argument("--variant", choices=VARIANTS, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    peer.require_positive(p, a, "count", "threads", "repeats")
    rung = ("python-" + a.variant) if a.variant in ("loop", "comprehension", "array") else a.variant
    try:
        import numpy as np
    except ImportError:
        return peer.error("norm", rung, "numpy is not installed (it draws the vector)")
    import uniform
    v = uniform.doubles(np, a.count, a.seed)
    libs = [("numpy", np.__version__)]
    peer.threads_used(1)
    if a.variant == "loop":
        data = v.tolist()
        run = lambda: norm_square_loop(data)  # noqa: E731
    elif a.variant == "comprehension":
        data = v.tolist()
        run = lambda: norm_square_comprehension(data)  # noqa: E731
    elif a.variant == "array":
        data = array("d", v.tobytes())
        run = lambda: norm_square_loop(data)  # noqa: E731
    elif a.variant == "numpy-sum":
        run = lambda: float(np.sum(v * v))  # noqa: E731
    else:
        run = lambda: float(np.dot(v, v))  # noqa: E731
    total, secs = peer.timed(run, a.repeats)
    fp = peer._Digest()
    fp.update(struct.pack("<d", total))
    return peer.result("norm", rung, {"count": a.count, "seed": a.seed}, a, secs, a.count, "elements/s", total,
                       peer.version_string(libs), fingerprint=fp.hexdigest())


if __name__ == "__main__":
    sys.exit(main())
