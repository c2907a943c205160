#!/usr/bin/python3
"""HyperSharp peer: the distinct ladder, the book's way (Gorelick & Ozsvald, "High Performance Python", ch. 11).

The same values as the ladder (value i = seed * 2^40 + x_i, x stepping through 0 … distinct-1 by a stride coprime to
distinct), counted:
  set  a Python set of the values (exact; the book's first answer and its memory lesson);
  hll  the book's pure-Python HyperLogLog: 2^precision registers, the leading-zero rank of a 64-bit hash
       (blake2b), the raw harmonic-mean estimate with the small-range (linear counting) correction.
Standard library only.

Usage:
  distinct.py --variant set|hll --items N --distinct D --precision P --seed S --threads 1 --repeats R
"""
import hashlib
import math
import sys

import peer

VARIANTS = ("set", "hll")


def stride_of(distinct):
    stride = int(distinct * 0.6180339887) | 1
    while stride > 1 and math.gcd(stride, distinct) != 1:
        stride -= 1
    return max(1, stride % max(1, distinct))


def values(items, distinct, seed):
    base = seed << 40
    stride = stride_of(distinct)
    x = 0
    for _ in range(items):
        yield base + x
        x += stride
        if x >= distinct:
            x -= distinct


class HyperLogLog:
    """The book's HyperLogLog, in pure Python."""

    def __init__(self, p):
        self.p = p
        self.m = 1 << p
        self.registers = bytearray(self.m)
        self.alpha = 0.7213 / (1 + 1.079 / self.m)

    def add(self, value):
        h = int.from_bytes(hashlib.blake2b(value.to_bytes(8, "little"), digest_size=8).digest(), "little")
        index = h >> (64 - self.p)
        rest = (h << self.p) & 0xFFFFFFFFFFFFFFFF
        rank = (64 - self.p + 1) if rest == 0 else (65 - rest.bit_length())
        if rank > self.registers[index]:
            self.registers[index] = rank

    def estimate(self):
        e = self.alpha * self.m * self.m / sum(2.0 ** -r for r in self.registers)
        zeros = self.registers.count(0)
        if e <= 2.5 * self.m and zeros:
            return self.m * math.log(self.m / zeros)
        return e


def main():
    ap = peer.parser("distinct.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--distinct", type=int, required=True)
    ap.add_argument("--precision", type=int, default=14)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats", "items", "distinct")
    if not 4 <= a.precision <= 18:
        ap.error("--precision must be 4 to 18")
    rung = ("pypy-" if peer.IS_PYPY else "python-") + a.variant

    def run():
        if a.variant == "set":
            s = set(values(a.items, a.distinct, a.seed))
            return float(len(s)), sys.getsizeof(s)
        hll = HyperLogLog(a.precision)
        for v in values(a.items, a.distinct, a.seed):
            hll.add(v)
        return hll.estimate(), len(hll.registers)

    (estimate, state), secs = peer.timed(run, a.repeats)
    spec = {"items": a.items, "distinct": a.distinct, "precision": a.precision, "seed": a.seed}
    return peer.result("distinct", rung, spec, a, secs, a.items, "items/s", estimate, peer.version_string([]),
                       fingerprint=peer.fingerprint_i64(round(estimate)), figures={"state_bytes": state})


if __name__ == "__main__":
    sys.exit(main())
