#!/usr/bin/python3
"""HyperSharp peer: the word count (ladder wordcount), the books' ways (Lanaro ch. 8, Gorelick ch. 10).

Variants (same file, words as HyperSharp's analyzer cuts them, so every answer is HyperSharp's exactly):
  dict              pure Python, the books' loop: the file line by line, each word counted in a dict
                    (counts[w] = counts.get(w, 0) + 1), one process;
  dask-processes    a Dask bag: db.read_text (line-aligned blocks) -> map(words) -> flatten -> foldby(word, +1, 0, +, 0),
                    on the multiprocessing scheduler with a pool of --threads processes;
  dask-distributed  the same bag on dask.distributed: a LocalCluster of --threads worker processes, one thread each.
Dask cuts the file into blocks as HyperSharp's distributed rung cuts partitions: about four per worker, 1-32 MB.

Words: the hot loop cuts each line with the regular expression [^\\W_]+ (Python's \\w without the underscore: every
letter and decimal digit, and also the other numerals, No and Nl, such as 2 superscript) and counts those raw runs;
the distinct runs are then folded into the analyzer's words: ASCII runs lower-cased and cut at 255, the others
re-cut by peer.tokenize (letters and decimal digits only, lower-cased one code point to one). The answer is the
analyzer's exactly (but for letters of a Unicode version newer than this Python's).

Timed: only the counting (reading the file, cutting, counting, merging, folding); not the interpreter's start-up,
imports, the process pool or the cluster's start (both started and warmed before the timed runs, as HyperSharp's
distributed rung starts its silos untimed), nor the fingerprint. Unit MB/s: 10^6 bytes of the file per second.

Usage:
  wordcount.py --variant dict|dask-processes|dask-distributed --input FILE [--bytes B --vocabulary V --zipf S
               --seed S] --threads K --repeats R [--answer PATH]
"""
import os
import re
import sys

import peer

VARIANTS = ("dict", "dask-processes", "dask-distributed")
RUNGS = {"dict": "python-dict", "dask-processes": "dask-processes", "dask-distributed": "dask-distributed"}

# A superset of the analyzer's runs (see the docstring); fold() makes them exact.
RAW = re.compile(r"[^\W_]+")


def raw_words(line):
    return RAW.findall(line)


def fold(raw):
    """Counts of raw runs -> counts of the analyzer's words."""
    counts = {}
    for run, n in raw.items():
        words = (run[:peer.MAX_TOKEN].lower(),) if run.isascii() else peer.tokenize(run)
        for w in words:
            counts[w] = counts.get(w, 0) + n
    return counts


def count_dict(path):
    raw = {}
    findall = RAW.findall
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            for w in findall(line):
                raw[w] = raw.get(w, 0) + 1
    return fold(raw)


def block_bytes(path, workers):
    """A block size giving HyperSharp's partitions (DistributedWordCount: about four per worker, 1-32 MB each, as
    many as the file needs). Dask cuts size // blocksize blocks (it rounds down where HyperSharp rounds up), so the
    block size asked for is the file's share of that count."""
    size = os.path.getsize(path)
    share = max(1 << 20, min(32 << 20, size // max(1, 4 * workers)))
    parts = max(1, -(-size // share))
    return max(1, size // parts)


def key(word):
    return word


def add_one(total, word):
    return total + 1


def add(a, b):
    return a + b


def bag(path, workers):
    """The books' bag: lines, their words flattened, folded by word (a combine per partition, then across)."""
    import dask.bag as db
    lines = db.read_text(path, blocksize=block_bytes(path, workers), encoding="utf-8", errors="replace")
    return lines.map(raw_words).flatten().foldby(key, add_one, 0, add, 0), lines.npartitions


def main():
    ap = peer.parser("wordcount.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--input", required=True)
    for name, typ in (("bytes", int), ("vocabulary", int), ("zipf", float), ("seed", int)):
        ap.add_argument("--" + name, type=typ)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats")
    if not os.path.isfile(a.input):
        ap.error("no such file: %s" % a.input)
    size = os.path.getsize(a.input)
    rung = RUNGS[a.variant]
    figures = {}
    cleanup = []
    try:
        if a.variant == "dict":
            peer.threads_used(1)
            version = peer.interpreter_version()

            def run():
                return count_dict(a.input)
        else:
            try:
                import dask
                import dask.multiprocessing
            except ImportError as e:
                return peer.error("wordcount", rung, "dask not installed (apt-get install python3-dask): " + peer.one_line(e))
            job, partitions = bag(a.input, a.threads)
            figures["partitions"] = partitions
            libs = [("dask", dask.__version__)]
            if a.variant == "dask-processes":
                from concurrent.futures import ProcessPoolExecutor
                pool = ProcessPoolExecutor(a.threads, mp_context=dask.multiprocessing.get_context())
                cleanup.append(pool.shutdown)
                config = dask.config.set(scheduler="processes", pool=pool, num_workers=a.threads)
            else:
                try:
                    import distributed
                    from distributed import Client, LocalCluster
                except ImportError as e:
                    return peer.error("wordcount", rung, "dask.distributed not installed (apt-get install python3-distributed): " + peer.one_line(e))
                libs.append(("distributed", distributed.__version__))
                cluster = LocalCluster(n_workers=a.threads, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=50)
                client = Client(cluster)
                cleanup += [cluster.close, client.close]
                config = dask.config.set(scheduler=client)
            cleanup.append(lambda: config.__exit__(None, None, None))
            peer.threads_used(a.threads)
            version = peer.version_string(libs)

            def run():
                # The graph is built again each run (as a user's script would), then computed.
                return fold(dict(bag(a.input, a.threads)[0].compute()))

        counts, secs = peer.timed(run, a.repeats)
    except peer.VariantUnavailable as e:
        return peer.error("wordcount", rung, str(e))
    finally:
        for f in reversed(cleanup):
            try:
                f()
            except Exception:  # noqa: BLE001 - a pool or cluster that fails to stop is not the answer's business
                pass
    total = sum(counts.values())
    figures["distinct"] = len(counts)
    spec = {name: getattr(a, name) for name in ("bytes", "vocabulary", "zipf", "seed") if getattr(a, name) is not None}
    return peer.result("wordcount", rung, spec, a, secs, size / 1e6, "MB/s", total, version,
                       fingerprint=peer.fingerprint_word_counts(counts), figures=figures)


if __name__ == "__main__":
    sys.exit(main())
