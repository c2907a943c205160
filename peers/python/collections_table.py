"""The book's collection snippets (Lanaro ch. 2) timed with timeit, for `hyper tables collections`.

Reads on stdin the rows HyperSharp's table declares (src/HyperSharp.Harness/Tables/CollectionsTable.cs), so the
snippets timed here and the rows shown there cannot drift apart:

    {"sizes": [10000, ...], "warmups": 1, "min_repeats": 5, "max_repeats": 41, "target_seconds": 0.05,
     "ops": [{"key": "list.pop0", "setup": "lst = list(range(n + k))", "stmt": "lst.pop(0)",
              "span": 1, "batch": [100, ...]}, ...]}

For each row and size N, with k = its batch: `setup` runs untimed before every timed run, then `stmt` runs once for
each of the k targets t in ts (ts[j] = spread(j + 1, span * N), the numbers HyperSharp uses too), timed as one run by
timeit. One warm-up run, then timed runs until min_repeats are done and target_seconds are spent (at most
max_repeats). Prints one JSON line with every timed run's seconds; HyperSharp computes the statistics.
Standard library only. Bad input: one line on stderr, exit code 2.
"""
import bisect
import heapq
import json
import platform
import sys
import timeit
from collections import deque


def spread(j, m):
    """The j-th pseudo-random number below m (Knuth's multiplicative hash); CollectionOps.Spread in C#."""
    return (j * 2654435761) % m


def index_bisect(a, x):
    """The book's index_bisect (the bisect module documentation's recipe): list.index on a sorted list."""
    i = bisect.bisect_left(a, x)
    if i != len(a) and a[i] == x:
        return i
    raise ValueError


def fail(message):
    sys.stderr.write("collections_table.py: %s\n" % message)
    sys.exit(2)


def time_row(op, n, k, spec):
    namespace = {"n": n, "k": k, "ts": [spread(j + 1, op["span"] * n) for j in range(k)], "spread": spread,
                 "deque": deque, "heapq": heapq, "bisect": bisect, "index_bisect": index_bisect}
    timer = timeit.Timer(stmt="for t in ts:\n    " + op["stmt"], setup=op["setup"], globals=namespace)
    for _ in range(spec["warmups"]):
        timer.timeit(number=1)
    seconds, spent = [], 0.0
    while len(seconds) < spec["min_repeats"] or (spent < spec["target_seconds"] and len(seconds) < spec["max_repeats"]):
        s = timer.timeit(number=1)
        seconds.append(s)
        spent += s
    return {"n": n, "batch": k, "seconds": seconds}


def main():
    try:
        spec = json.load(sys.stdin)
        sizes = spec["sizes"]
        ops = spec["ops"]
        for name, least in (("warmups", 0), ("min_repeats", 1), ("max_repeats", 1)):
            if not isinstance(spec[name], int) or spec[name] < least:
                fail("%s must be a whole number >= %d" % (name, least))
        if not isinstance(spec["target_seconds"], (int, float)) or not 0 <= spec["target_seconds"] < 3600:
            fail("target_seconds must be a number from 0 to 3600")
        if not all(isinstance(n, int) and n >= 1 for n in sizes):
            fail("sizes must be whole numbers >= 1")
        for op in ops:
            if len(op["batch"]) != len(sizes) or not all(isinstance(k, int) and k >= 1 for k in op["batch"]):
                fail("%s: one batch >= 1 per size" % op["key"])
    except (ValueError, KeyError, TypeError) as e:
        fail("bad input: %s" % e)

    out = []
    for op in ops:
        try:
            points = [time_row(op, n, k, spec) for n, k in zip(sizes, op["batch"])]
        except Exception as e:  # a snippet that fails says which, in one line
            fail("%s: %s: %s" % (op["key"], type(e).__name__, e))
        out.append({"key": op["key"], "stmt": op["stmt"], "points": points})
    print(json.dumps({"schema": "hypersharp/tables-collections-python@1",
                      "implementation": platform.python_implementation(),
                      "python": platform.python_version(), "ops": out}))


if __name__ == "__main__":
    main()
