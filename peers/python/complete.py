#!/usr/bin/python3
"""HyperSharp peer: the complete ladder, the book's way (Lanaro, "Python High Performance", ch. 2).

The most frequent terms with a prefix (ties: first in code-point order), as term numbers (the terms' rank order).

Variants:
  bisect  the book's `bisect`: the sorted word list, the prefix's range found by bisect_left, its best kept with
          heapq.nsmallest (CPython and PyPy);
  marisa  Debian's `import marisa` (python3-marisa): a MARISA trie, its predictive search enumerating the prefix's
          terms, the best kept with heapq;
  datrie  Debian's `import datrie` (python3-datrie): a double-array trie, `values(prefix)`, the best kept with heapq.
A variant whose module is missing prints an error line (exit 3) saying so.

The fingerprint: per lookup its count then its term numbers, little-endian int32 (the ladder's).

Usage:
  complete.py --variant bisect|marisa|datrie --input TERMS.tsv --prefix-file PREFIXES [--terms N --lookups L
              --zipf S --seed S --top K] --threads 1 --repeats R [--answer PATH]
TERMS.tsv: one `term<TAB>frequency` a line, in rank order (line i is term i).
"""
import heapq
import sys
import time
from bisect import bisect_left

import peer

VARIANTS = ("bisect", "marisa", "datrie")
TOP_CHAR = "\U0010ffff"


def build_bisect(terms, freq):
    order = sorted(range(len(terms)), key=lambda t: terms[t])
    keys = [terms[t] for t in order]

    def lookup(prefix, k):
        lo = bisect_left(keys, prefix)
        hi = bisect_left(keys, prefix + TOP_CHAR, lo)
        return heapq.nsmallest(k, order[lo:hi], key=lambda t: (-freq[t], terms[t]))
    return lookup, None


def build_marisa(terms, freq):
    try:
        import marisa
    except ImportError as e:
        raise peer.VariantUnavailable("python3-marisa not installed: " + peer.one_line(e))
    keyset = marisa.Keyset()
    for t in terms:
        keyset.push_back(t)
    trie = marisa.Trie()
    trie.build(keyset)
    # The trie numbers keys its own way: map its ids back to term numbers.
    ids = [0] * len(terms)
    agent = marisa.Agent()
    for number, t in enumerate(terms):
        agent.set_query(t)
        trie.lookup(agent)
        ids[agent.key_id()] = number

    def lookup(prefix, k):
        agent = marisa.Agent()
        agent.set_query(prefix)
        found = []
        while trie.predictive_search(agent):
            found.append(ids[agent.key_id()])
        return heapq.nsmallest(k, found, key=lambda t: (-freq[t], terms[t]))
    return lookup, marisa


def build_datrie(terms, freq):
    try:
        import datrie
    except ImportError as e:
        raise peer.VariantUnavailable("python3-datrie not installed: " + peer.one_line(e))
    alphabet = "".join(sorted(set("".join(terms)))) or "a"
    trie = datrie.Trie(alphabet)
    for number, t in enumerate(terms):
        trie[t] = number

    def lookup(prefix, k):
        try:
            found = trie.values(prefix)
        except Exception:  # noqa: BLE001 - a prefix with a character outside the alphabet has no completion
            found = []
        return heapq.nsmallest(k, found, key=lambda t: (-freq[t], terms[t]))
    return lookup, datrie


BUILDERS = {"bisect": build_bisect, "marisa": build_marisa, "datrie": build_datrie}


def main():
    ap = peer.parser("complete.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--input", required=True)
    ap.add_argument("--prefix-file", required=True)
    ap.add_argument("--top", type=int, default=10)
    for name, typ in (("terms", int), ("lookups", int), ("zipf", float), ("seed", int)):
        ap.add_argument("--" + name, type=typ)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats", "top")
    try:
        with open(a.input, encoding="utf-8") as f:
            rows = [line.split("\t") for line in f.read().split("\n") if line]
        with open(a.prefix_file, encoding="utf-8") as f:
            prefixes = f.read().split("\n")
    except OSError as e:
        ap.error(peer.one_line(e))
    if prefixes and prefixes[-1] == "":
        prefixes.pop()
    terms = [r[0] for r in rows]
    freq = [int(r[1]) for r in rows]
    rung = ("pypy-" if peer.IS_PYPY else "python-") + a.variant
    t0 = time.perf_counter()
    try:
        lookup, module = BUILDERS[a.variant](terms, freq)
    except peer.VariantUnavailable as e:
        return peer.error("complete", rung, str(e))
    build = time.perf_counter() - t0
    top = a.top

    def run():
        return [lookup(p, top) for p in prefixes]

    answers, secs = peer.timed(run, a.repeats)
    flat = []
    for ans in answers:
        flat.append(len(ans))
        flat.extend(ans)
    spec = {name: getattr(a, name) for name in ("terms", "lookups", "zipf", "seed") if getattr(a, name) is not None}
    spec["top"] = a.top
    libs = [(module.__name__, getattr(module, "__version__", "?"))] if module is not None else []
    return peer.result("complete", rung, spec, a, secs, len(prefixes), "lookups/s", float(sum(sum(x) for x in answers)),
                       peer.version_string(libs), fingerprint=peer.fingerprint_i32(flat), figures={"build_s": build})


if __name__ == "__main__":
    sys.exit(main())
