#!/usr/bin/python3
"""HyperSharp peer: the tokens ladder, the book's way (Gorelick & Ozsvald, "High Performance Python", ch. 11).

The same tokens and questions as the ladder: per query whether it is stored and, for a prefix query, how many stored
tokens start with it (-1 for the others).

Variants:
  list    the book's list: `in` scans it; a prefix count scans it too;
  set     the book's set: `in` hashes; a prefix count scans the set;
  bisect  the book's sorted list with bisect: two searches per prefix;
  marisa  Debian's `import marisa` (python3-marisa), or `marisa_trie` where installed: lookup and predictive search;
  datrie  Debian's `import datrie` (python3-datrie): `in` and `keys(prefix)`.
A variant whose module is missing prints an error line (exit 3) saying so. Figures: `bytes_per_token` (the structure's
bytes: sys.getsizeof of the container and its strings, or the trie's serialized size) and `build_s`.

The fingerprint: per query 1/0 then its prefix count, little-endian int32 (the ladder's).

Usage:
  tokens.py --variant V --tokens TOKENS.txt --query-file QUERIES.tsv [--count N --seed S --queries Q --corpus C]
            --threads 1 --repeats R
QUERIES.tsv: one `p<TAB>text` (prefix count) or `m<TAB>text` (membership) a line.
"""
import os
import sys
import tempfile
import time
from bisect import bisect_left

import peer

VARIANTS = ("list", "set", "bisect", "marisa", "datrie")
TOP_CHAR = "\U0010ffff"


def strings_bytes(tokens):
    return sum(sys.getsizeof(t) for t in tokens)


def build_list(tokens):
    lst = list(tokens)

    def prefix(p):
        return sum(1 for t in lst if t.startswith(p))
    return (lambda q: q in lst), prefix, sys.getsizeof(lst) + strings_bytes(lst), None


def build_set(tokens):
    st = set(tokens)

    def prefix(p):
        return sum(1 for t in st if t.startswith(p))
    return (lambda q: q in st), prefix, sys.getsizeof(st) + strings_bytes(st), None


def build_bisect(tokens):
    keys = sorted(tokens)

    def member(q):
        i = bisect_left(keys, q)
        return i < len(keys) and keys[i] == q

    def prefix(p):
        lo = bisect_left(keys, p)
        return bisect_left(keys, p + TOP_CHAR, lo) - lo
    return member, prefix, sys.getsizeof(keys) + strings_bytes(keys), None


def saved_size(save):
    fd, path = tempfile.mkstemp(prefix="hypersharp-tokens-")
    os.close(fd)
    try:
        save(path)
        return os.path.getsize(path)
    finally:
        os.unlink(path)


def build_marisa(tokens):
    try:
        import marisa_trie
        trie = marisa_trie.Trie(tokens)

        def prefix(p):
            return len(trie.keys(p))
        return (lambda q: q in trie), prefix, saved_size(trie.save), marisa_trie
    except ImportError:
        pass
    try:
        import marisa
    except ImportError as e:
        raise peer.VariantUnavailable("neither marisa_trie nor python3-marisa installed: " + peer.one_line(e))
    keyset = marisa.Keyset()
    for t in tokens:
        keyset.push_back(t)
    trie = marisa.Trie()
    trie.build(keyset)

    def member(q):
        agent = marisa.Agent()
        agent.set_query(q)
        return trie.lookup(agent)

    def prefix(p):
        agent = marisa.Agent()
        agent.set_query(p)
        n = 0
        while trie.predictive_search(agent):
            n += 1
        return n
    return member, prefix, trie.io_size(), marisa


def build_datrie(tokens):
    try:
        import datrie
    except ImportError as e:
        raise peer.VariantUnavailable("python3-datrie not installed: " + peer.one_line(e))
    alphabet = "".join(sorted(set("".join(tokens)))) or "a"
    trie = datrie.Trie(alphabet)
    for t in tokens:
        trie[t] = 0

    def member(q):
        try:
            return q in trie
        except Exception:  # noqa: BLE001 - a character outside the alphabet is not stored
            return False

    def prefix(p):
        try:
            return len(trie.keys(p))
        except Exception:  # noqa: BLE001 - a character outside the alphabet starts no token
            return 0
    return member, prefix, saved_size(trie.save), datrie


BUILDERS = {"list": build_list, "set": build_set, "bisect": build_bisect, "marisa": build_marisa, "datrie": build_datrie}


def main():
    ap = peer.parser("tokens.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--query-file", required=True)
    for name, typ in (("count", int), ("seed", int), ("queries", int), ("corpus", str)):
        ap.add_argument("--" + name, type=typ)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats")
    try:
        with open(a.tokens, encoding="utf-8") as f:
            tokens = f.read().split("\n")
        with open(a.query_file, encoding="utf-8") as f:
            queries = [(line[0] == "p", line[2:]) for line in f.read().split("\n") if line]
    except OSError as e:
        ap.error(peer.one_line(e))
    if tokens and tokens[-1] == "":
        tokens.pop()  # the file's last newline (an empty token would sit before it)
    rung = ("pypy-" if peer.IS_PYPY else "python-") + a.variant
    t0 = time.perf_counter()
    try:
        member, prefix, structure, module = BUILDERS[a.variant](tokens)
    except peer.VariantUnavailable as e:
        return peer.error("tokens", rung, str(e))
    build = time.perf_counter() - t0

    def run():
        out = []
        for is_prefix, text in queries:
            out.append(1 if member(text) else 0)
            out.append(prefix(text) if is_prefix else -1)
        return out

    answer, secs = peer.timed(run, a.repeats)
    spec = {name: getattr(a, name) for name in ("count", "seed", "queries", "corpus") if getattr(a, name) is not None}
    checksum = float(sum(answer[0::2]) + sum(max(0, c) for c in answer[1::2]))
    libs = [(module.__name__, getattr(module, "__version__", "?"))] if module is not None else []
    return peer.result("tokens", rung, spec, a, secs, len(queries), "lookups/s", checksum, peer.version_string(libs),
                       fingerprint=peer.fingerprint_i32(answer),
                       figures={"build_s": build, "structure_bytes": structure,
                                "bytes_per_token": structure / max(1, len(tokens))})


if __name__ == "__main__":
    sys.exit(main())
