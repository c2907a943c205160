"""What every Python peer shares besides its kernels: the command line, the timed repeats, the JSON result and
error lines, the answer's fingerprint, version strings and the Cython build loader. Standard library only (CPython 3.11 and PyPy 3.9); the
peers are run as scripts, so this folder is on sys.path and `import peer` finds it.
"""
import argparse
import hashlib
import json
import os
import platform
import struct
import sys
import time
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
IS_PYPY = platform.python_implementation() == "PyPy"
SCHEMA = "hypersharp/result@2"


class VariantUnavailable(Exception):
    """The variant cannot run here (missing module, failed build)."""


def one_line(e):
    """The last non-empty line of an exception message (NumPy's import error is a page long)."""
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return lines[-1] if lines else type(e).__name__


# ---- HyperSharp's analyzer (src/HyperSharp.Search/Analyzer.cs), shared by the search and word-count peers ------

MAX_TOKEN = 255


def tokenize(text):
    """The analyzer's tokens of text: maximal runs of letters (str.isalpha: Unicode L*) and decimal digits
    (str.isdecimal: Nd), lower-cased code point by code point as .NET's invariant culture does (one code point to
    one: where Python's lowering gives two, as for U+0130, the letter is kept; no final-sigma rule), cut at 255 UTF-16
    code units. Python's Unicode tables may be older than .NET's: a letter assigned since differs."""
    tokens, cur, units = [], [], 0
    for c in text:
        if c.isalpha() or c.isdecimal():
            lc = c.lower()
            if len(lc) != 1:
                lc = c  # a one-to-many lowering: .NET's invariant lowering maps one code point to one
            n = 2 if ord(lc) > 0xFFFF else 1
            if units + n <= MAX_TOKEN:
                cur.append(lc)
                units += n
        elif cur:
            tokens.append("".join(cur))
            cur, units = [], 0
    if cur:
        tokens.append("".join(cur))
    return tokens


class Parser(argparse.ArgumentParser):
    """Bad arguments: one line on stderr, exit code 2. Remembers --answer for the fingerprint helpers."""

    def parse_args(self, *args, **kwargs):
        global _answer_path
        ns = super().parse_args(*args, **kwargs)
        _answer_path = getattr(ns, "answer", None)
        return ns

    def error(self, message):
        sys.stderr.write("%s: %s\n" % (self.prog, message))
        sys.exit(2)


def parser(prog, description, repeats=1):
    """A parser with --variant left to the caller and the shared --threads and --repeats."""
    p = Parser(prog=prog, description=description)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=repeats)
    p.add_argument("--answer", help="also write the fingerprinted bytes (the whole answer) to this file")
    return p


def require_positive(p, a, *names):
    """Rejects any of the named options below 1, in order, as `--name must be >= 1`."""
    for name in names:
        if getattr(a, name.replace("-", "_")) < 1:
            p.error("--%s must be >= 1" % name)


def size_thread_pools(threads, *variables):
    """Pools (Numba, numexpr) are sized at import: allow more threads than cores if asked."""
    for var in variables:
        os.environ.setdefault(var, str(max(threads, os.cpu_count() or 1)))


def interpreter_version():
    v = platform.python_version()
    if IS_PYPY:
        pv = sys.pypy_version_info
        return "PyPy %d.%d.%d (Python %s)" % (pv.major, pv.minor, pv.micro, v)
    return "CPython " + v


def version_string(libs, interpreter=None):
    """The interpreter, then `name version` of each library in libs."""
    return " ".join([interpreter or interpreter_version()] + ["%s %s" % lv for lv in libs])


def peak_rss_bytes():
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except Exception:  # noqa: BLE001 - not on every platform
        return None


# The harness's policy for its own rungs (MeasureOptions): warm up for at least one run and half a second, then time
# at least `repeats` runs and go on until two seconds are spent, at most 25 runs.
WARMUP_SECONDS = 0.5
TARGET_SECONDS = 2.0
MAX_REPEATS = 25


def timed(run, repeats, prepare=None):
    """Warm-up runs, untimed (JIT compilation and Cython builds land there), then timed runs: the rungs' policy.

    Returns (last result, seconds of each timed run). With prepare, each run gets a fresh state from prepare(),
    made outside the timed region, and the last run's state is returned in place of run's result.
    """
    def once():
        if prepare is None:
            t0 = time.perf_counter()
            res = run()
        else:
            res = prepare()
            t0 = time.perf_counter()
            run(res)
        return res, time.perf_counter() - t0

    spent, warmups = 0.0, 0
    while warmups < 1 or (spent < WARMUP_SECONDS and warmups < MAX_REPEATS):
        result, secs = once()
        spent += secs
        warmups += 1
    times = []
    while len(times) < repeats or (sum(times) < TARGET_SECONDS and len(times) < MAX_REPEATS):
        result, secs = once()
        times.append(secs)
    return result, times


_threads_used = None


def threads_used(n):
    """The threads a variant really runs on (a pool may be capped below what was asked): reported as `threads`."""
    global _threads_used
    _threads_used = n


# ---- fingerprints: SHA-256 of the answer in canonical little-endian bytes, taken after the timed runs ----------

_answer_path = None


class _Digest:
    """SHA-256 of the answer's canonical bytes; with --answer the same bytes also go to that file, so that the harness
    can compare the whole answer element by element (answers that are not bit-identical)."""

    def __init__(self):
        self.h = hashlib.sha256()
        self.f = open(_answer_path, "wb") if _answer_path else None

    def update(self, data):
        self.h.update(data)
        if self.f:
            self.f.write(data)

    def hexdigest(self):
        if self.f:
            self.f.close()
            self.f = None
        return self.h.hexdigest()


_NUMPY_DTYPE = {"f8": "<f8", "i4": "<i4", "i8": "<i8"}


def _array_code(kind):
    """The array typecode with the width of kind (f8, i4, i8)."""
    if kind == "f8":
        return "d"
    width = int(kind[1])
    for code in ("i", "l", "q"):
        if array(code).itemsize == width:
            return code
    raise AssertionError(kind)


def _update(h, values, kind):
    """Feeds values into h as little-endian kind: a NumPy array of any shape (row-major), or a list, or a list of
    row lists (the pure-Python variants: no NumPy needed)."""
    if hasattr(values, "dtype") and hasattr(values, "tobytes"):
        h.update(values.astype(_NUMPY_DTYPE[kind], copy=False).tobytes(order="C"))
        return
    values = list(values)
    if values and isinstance(values[0], (list, tuple)):
        for row in values:
            _update(h, row, kind)
        return
    a = array(_array_code(kind), values)
    if sys.byteorder != "little":
        a.byteswap()
    h.update(a.tobytes())


def fingerprint_f64(*parts):
    """Particles (xs, ys: all x then all y) and diffusion (the grid, row-major): little-endian float64."""
    h = _Digest()
    for part in parts:
        _update(h, part, "f8")
    return h.hexdigest()


def fingerprint_i32(counts):
    """Julia: the iteration counts, row-major (rows = y from the top, columns = x), little-endian int32."""
    h = _Digest()
    _update(h, counts, "i4")
    return h.hexdigest()


def fingerprint_i64(value):
    """pi (the hits), primes (the count): one little-endian int64."""
    h = _Digest()
    h.update(struct.pack("<q", int(value)))
    return h.hexdigest()


def fingerprint_i64s(values):
    """search: the answer's canonical values (per query its count, its hit count, each hit's document and score x 1e9),
    little-endian int64."""
    h = _Digest()
    _update(h, values, "i8")
    return h.hexdigest()


def fingerprint_verdicts(numbers, verdicts):
    """primecheck: per number in the order given, the number as little-endian uint64, then 1 if prime else 0."""
    h = _Digest()
    for n, prime in zip(numbers, verdicts):
        h.update(struct.pack("<QB", int(n), 1 if prime else 0))
    return h.hexdigest()


def _utf16_order(word):
    return word.encode("utf-16-be")


def fingerprint_word_counts(counts):
    """wordcount: per word in .NET's ordinal order (UTF-16 code units, which is not code point order past U+FFFF), its
    UTF-8 bytes, a 0 byte, its count as a little-endian int64 (WordCounts.Canonical)."""
    h = _Digest()
    for w in sorted(counts, key=_utf16_order):
        h.update(w.encode("utf-8") + b"\0" + struct.pack("<q", counts[w]))
    return h.hexdigest()


def emit(obj):
    print(json.dumps(obj, separators=(",", ":")))


def error(system, rung, reason):
    """The variant cannot run here: one JSON line saying why; returns exit code 3."""
    emit({"schema": SCHEMA, "system": system, "rung": rung, "kind": "peer", "error": reason})
    return 3


def result(system, rung, spec, a, secs, work, unit, checksum, version, implementation=None, *, fingerprint, figures=None,
           resources=None):
    """Prints the result line (median, min, max of secs; fingerprint from one of the fingerprint_* helpers; figures,
    a dict of the peer's own numbers by snake_case name, where it has any; resources, what it used by name, e.g.
    {"concurrency": 100}, where it is more than its threads); returns exit code 0."""
    secs = sorted(secs)
    n = len(secs)
    median = secs[n // 2] if n % 2 else 0.5 * (secs[n // 2 - 1] + secs[n // 2])
    emit({
        "schema": SCHEMA, "system": system, "rung": rung, "kind": "peer",
        "implementation": implementation or ("pypy" if IS_PYPY else "python"), "spec": spec,
        "threads": _threads_used if _threads_used is not None else a.threads, "repeats": n,
        "seconds": median, "min_seconds": secs[0], "max_seconds": secs[-1],
        "work": work, "throughput": work / median if median > 0 else 0.0,
        "unit": unit, "checksum": checksum, "fingerprint": fingerprint,
        "peak_working_set_bytes": peak_rss_bytes(), "version": version,
        **({"figures": figures} if figures else {}),
        **({"resources": resources} if resources else {}),
    })
    return 0


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


# The C peers' optimisation flags (peers/c/Makefile), so Cython's C is compiled as hard as hand-written C is;
# setuptools' default is Python's own build flags (-O2, generic x86-64). No contraction into FMAs, as the C peers.
CYTHON_CFLAGS = ["-O3", "-march=native", "-fno-math-errno", "-ffp-contract=off"]


def load_cython_module(name):
    """Builds NAME.pyx (next to this file) once into build/cython-<hash>/ and imports it."""
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
    key = hashlib.sha256(src.read_bytes() + sys.version.encode() + Cython.__version__.encode() + " ".join(CYTHON_CFLAGS).encode())
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
                exts = cythonize([Extension(name, [str(pyx)], extra_compile_args=CYTHON_CFLAGS)], quiet=True)
                dist = Distribution({"ext_modules": exts, "script_name": "peer.py"})
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
