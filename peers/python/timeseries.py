#!/usr/bin/python3
"""HyperSharp peer: the anomalies system, the book's way (Gorelick & Ozsvald, "High Performance Python", ch. 5).

Reads the CSV the rungs read (timestamp,value; ISO 8601 UTC or Unix seconds), groups consecutive rows by UTC day,
tests each day for normality with D'Agostino-Pearson's K^2 and counts the days whose p-value is below --alpha.
Days of fewer than 8 rows (scipy's skewtest minimum) or with all values equal are untested, as in HyperSharp.

Variants:
  generators  the book's generator pipeline (read_data -> groupby_day -> is_normal), pure Python with K^2 written out
              as scipy.stats.normaltest computes it: runs under CPython and PyPy, no NumPy needed.
  pandas      pandas.read_csv(chunksize=...) + scipy.stats.normaltest per day; a day cut by a chunk boundary is
              carried into the next chunk.

checksum: the sum of K^2 over the tested days. fingerprint: SHA-256 of little-endian int64 rows, days, untested,
then (day since 1970-01-01, rows) of each anomalous day: the flagged days, exactly.

Usage (one JSON line on stdout, logs on stderr):
  timeseries.py --variant generators|pandas --input FILE [--days D --per-day N --anomalous K --seed S] --alpha A
                [--threads T --repeats R --answer PATH]
"""
import datetime
import itertools
import math
import os
import struct
import sys

import peer

VARIANTS = ("generators", "pandas")
MIN_SAMPLES = 8
EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


# ---- K^2, as scipy.stats.skewtest / kurtosistest / normaltest compute it -----------------------------------------

def k2_from_moments(n, m2, m3, m4):
    b1 = m3 / m2 ** 1.5
    y = b1 * math.sqrt(((n + 1) * (n + 3)) / (6.0 * (n - 2)))
    beta2 = (3.0 * (n * n + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2.0) * (n + 5) * (n + 7) * (n + 9)))
    w2 = -1 + math.sqrt(2 * (beta2 - 1))
    delta = 1 / math.sqrt(0.5 * math.log(w2))
    alpha = math.sqrt(2.0 / (w2 - 1))
    if y == 0:
        y = 1
    zs = delta * math.log(y / alpha + math.sqrt((y / alpha) ** 2 + 1))

    b2 = m4 / (m2 * m2)
    e = 3.0 * (n - 1) / (n + 1)
    varb2 = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1.0) * (n + 3) * (n + 5))
    x = (b2 - e) / math.sqrt(varb2)
    sqrtbeta1 = 6.0 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9)) * math.sqrt((6.0 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3)))
    a = 6.0 + 8.0 / sqrtbeta1 * (2.0 / sqrtbeta1 + math.sqrt(1 + 4.0 / (sqrtbeta1 ** 2)))
    term1 = 1 - 2 / (9.0 * a)
    denom = 1 + x * math.sqrt(2 / (a - 4.0))
    if denom == 0:
        return float("nan")
    term2 = math.copysign(((1 - 2.0 / a) / abs(denom)) ** (1 / 3.0), denom)
    zk = (term1 - term2) / math.sqrt(2 / (9.0 * a))
    return zs * zs + zk * zk


def normaltest(values):
    """(K^2, p) of a list, two-pass moments as SciPy; None when untested (too few rows, or all equal)."""
    n = len(values)
    if n < MIN_SAMPLES or min(values) == max(values):
        return None
    mean = math.fsum(values) / n
    m2 = m3 = m4 = 0.0
    for v in values:
        d = v - mean
        d2 = d * d
        m2 += d2
        m3 += d2 * d
        m4 += d2 * d2
    k2 = k2_from_moments(n, m2 / n, m3 / n, m4 / n)
    return k2, math.exp(-k2 / 2)


# ---- the book's generators ------------------------------------------------------------------------------------

_day_of_date = {}


def utc_day(text):
    """Days since 1970-01-01 of an ISO 8601 (Z, +HH:MM or no zone = UTC) or Unix-seconds timestamp."""
    if len(text) >= 10 and text[4] == "-":
        if len(text) == 20 and text[19] == "Z" or len(text) == 10:
            date = text[:10]
            day = _day_of_date.get(date)
            if day is None:
                day = datetime.date(int(date[:4]), int(date[5:7]), int(date[8:10])).toordinal() - EPOCH_ORDINAL
                _day_of_date[date] = day
            return day
        t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return (t - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(days=1)
    return math.floor(float(text)) // 86400


def read_data(filename):
    """The book's read_data: one (day, value) per line, lazily."""
    with open(filename, encoding="utf-8-sig") as fd:
        header = fd.readline()
        if [h.strip().lower() for h in header.strip().split(",")] != ["timestamp", "value"]:
            raise ValueError("line 1: expected the header 'timestamp,value'")
        for number, line in enumerate(fd, start=2):
            line = line.strip()
            if not line:
                continue
            try:
                timestamp, value = line.split(",")
                yield utc_day(timestamp), float(value)
            except ValueError:
                raise ValueError("line %d: not a row 'timestamp,value': %r" % (number, line[:40]))


def groupby_day(iterable):
    """The book's groupby_day: consecutive rows of one day, as a list of values."""
    for day, group in itertools.groupby(iterable, key=lambda row: row[0]):
        yield day, [value for _, value in group]


def analyze_generators(path, alpha):
    tally = Tally(alpha)
    for day, values in groupby_day(read_data(path)):
        tally.add(day, len(values), normaltest(values))
    return tally


# ---- pandas, chunked ------------------------------------------------------------------------------------------

def analyze_pandas(path, alpha, chunksize=1_000_000):
    import numpy as np
    import pandas as pd
    from scipy import stats
    import warnings
    warnings.simplefilter("ignore")  # kurtosistest warns below 20 rows

    tally = Tally(alpha)
    carry_day, carry = None, None

    def test(day, values):
        if len(values) < MIN_SAMPLES or values.min() == values.max():
            tally.add(day, len(values), None)
        else:
            r = stats.normaltest(values)
            tally.add(day, len(values), (float(r.statistic), float(r.pvalue)))

    for chunk in pd.read_csv(path, chunksize=chunksize, dtype={"value": "float64"}, skip_blank_lines=True, encoding="utf-8-sig"):
        chunk.columns = [c.strip().lower() for c in chunk.columns]
        ts = chunk["timestamp"]
        if ts.dtype.kind in "iuf":
            days = np.floor_divide(np.floor(ts.to_numpy(dtype="float64")).astype("int64"), 86400)
        else:
            days = pd.to_datetime(ts, utc=True).to_numpy(dtype="datetime64[D]").astype("int64")
        values = chunk["value"].to_numpy(dtype="float64")
        cuts = np.flatnonzero(np.diff(days)) + 1
        starts = np.concatenate(([0], cuts))
        ends = np.concatenate((cuts, [len(days)]))
        for i, (s, e) in enumerate(zip(starts, ends)):
            day, part = int(days[s]), values[s:e]
            if i == 0 and carry_day == day:
                part = np.concatenate((carry, part))
            elif i == 0 and carry_day is not None:
                test(carry_day, carry)
            if i == len(starts) - 1:
                carry_day, carry = day, part
            else:
                test(day, part)
    if carry_day is not None:
        test(carry_day, carry)
    return tally


class Tally:
    def __init__(self, alpha):
        self.alpha = alpha
        self.rows = self.days = self.untested = 0
        self.k2_sum = 0.0
        self.anomalous = []

    def add(self, day, rows, test):
        self.rows += rows
        self.days += 1
        if test is None:
            self.untested += 1
            return
        k2, p = test
        self.k2_sum += k2
        if p < self.alpha:
            self.anomalous.append((day, rows, k2, p))

    def fingerprint(self):
        words = [self.rows, self.days, self.untested]
        for day, rows, _, _ in self.anomalous:
            words += [day, rows]
        h = peer._Digest()
        h.update(struct.pack("<%dq" % len(words), *words))
        return h.hexdigest()


def main():
    ap = peer.parser("timeseries.py", None, repeats=1)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--input", required=True)
    ap.add_argument("--days", type=int, default=0)
    ap.add_argument("--per-day", type=int, default=0)
    ap.add_argument("--anomalous", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--alpha", type=float, default=1e-3)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats")
    if not os.path.isfile(a.input):
        ap.error("--input: no such file: " + a.input)
    rung = ("pypy-" if peer.IS_PYPY else "python-") + a.variant if a.variant == "generators" else "pandas-chunked"
    libs = []
    if a.variant == "pandas":
        try:
            import pandas
            import scipy
            libs = [("pandas", pandas.__version__), ("scipy", scipy.__version__)]
        except ImportError as e:
            return peer.error("anomalies", rung, peer.one_line(e))
        run = lambda: analyze_pandas(a.input, a.alpha)
    else:
        run = lambda: analyze_generators(a.input, a.alpha)
    try:
        tally, secs = peer.timed(run, a.repeats)
    except ValueError as e:
        sys.stderr.write("timeseries.py: %s\n" % e)
        return 2
    megabytes = os.path.getsize(a.input) / 1e6
    spec = {"days": a.days, "per-day": a.per_day, "anomalous": a.anomalous, "seed": a.seed, "alpha": a.alpha}
    return peer.result("anomalies", rung, spec, a, secs, megabytes, "MB/s", tally.k2_sum, peer.version_string(libs),
                       fingerprint=tally.fingerprint())


if __name__ == "__main__":
    sys.exit(main())
