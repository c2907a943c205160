#!/usr/bin/python3
"""HyperSharp peer: the search ladder, the book's way (Lanaro, "Python High Performance", ch. 2).

Variant `sets` (CPython and PyPy): the book's inverted index, a dict of word -> set of documents; an AND-query is
the intersection of its words' sets (smallest first), an OR their union, `-word` a difference, a phrase the
intersection of its words' sets kept where the words stand next to each other. Matches are ranked by BM25
(k1 = 1.2, b = 0.75, Lucene's idf), summed in the query's order as HyperSharp sums them, so the answer is
HyperSharp's bit for bit; the fingerprint covers every query's count and top hits (documents, scores x 1e9).

The analyzer is HyperSharp's: a token is a run of letters (str.isalpha) and decimal digits (str.isdecimal),
lower-cased, cut at 255 UTF-16 units. Queries as `hyper index query` takes them: terms ANDed, `a OR b`, `-term`,
`"a phrase"`.

Figures: build_s (tokenizing and the dict of sets), and per query type (and, or, phrase, mixed) COUNT and TOP_k
queries/s and p99 latency.

Usage:
  search.py --variant sets --input DOCS --query-file QUERIES --top K [--docs N --words W --vocabulary V --zipf S
            --seed S --queries Q] --threads 1 --repeats R [--answer PATH]
"""
import heapq
import math
import sys
import time

import peer

VARIANTS = ("sets",)
K1 = 1.2
B = 0.75


tokenize = peer.tokenize


class QueryError(Exception):
    pass


def parse(text):
    """(required, excluded): required a list of clauses, each a list of alternatives (phrases: lists of terms)."""
    items, i = [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        neg = False
        if text[i] == "-" and i + 1 < len(text) and not text[i + 1].isspace():
            neg = True
            i += 1
        quoted = text[i] == '"'
        if quoted:
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError("unterminated quote in query '%s'" % text)
            word = text[i + 1:end]
            i = end + 1
        else:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] != '"':
                i += 1
            word = text[start:i]
        if not quoted and not neg and word == "OR":
            items.append((True, False, []))
            continue
        terms = tokenize(word)
        if terms:
            items.append((False, neg, terms))
    required, excluded, k = [], [], 0
    while k < len(items):
        is_or, neg, terms = items[k]
        if is_or:
            if k == 0 or items[k - 1][0] or k + 1 == len(items) or items[k + 1][0]:
                raise QueryError("OR needs a term on each side in query '%s'" % text)
            if items[k - 1][1] or items[k + 1][1]:
                raise QueryError("an excluded term cannot be an alternative of OR in query '%s'" % text)
            k += 1
            required[-1].append(items[k][2])
        elif neg:
            excluded.append(terms)
        else:
            required.append([terms])
        k += 1
    if not required:
        raise QueryError("query '%s' has no term to search for" % text)
    return required, excluded


def kind(query):
    required, excluded = query
    if excluded:
        return "mixed"
    if any(len(c) > 1 for c in required):
        return "or"
    if any(len(c[0]) > 1 for c in required):
        return "phrase"
    return "and"


def occurrences(doc, phrase):
    n, found = len(phrase), 0
    first = phrase[0]
    for p in range(len(doc) - n + 1):
        if doc[p] == first and doc[p:p + n] == phrase:
            found += 1
    return found


class SetIndex:
    """The book's index: word -> set of the documents it occurs in; the tokens kept for phrases and scores."""

    def __init__(self, texts):
        self.docs = [tokenize(t) for t in texts]
        index = {}
        for d, tokens in enumerate(self.docs):
            for t in tokens:
                s = index.get(t)
                if s is None:
                    index[t] = s = set()
                s.add(d)
        self.index = index
        self.n = len(self.docs)
        self.average = (sum(len(t) for t in self.docs) / self.n) if self.n else 0.0

    def phrase(self, terms):
        sets = []
        for t in terms:
            s = self.index.get(t)
            if s is None:
                return set()
            sets.append(s)
        sets.sort(key=len)
        result = set.intersection(*sets) if len(sets) > 1 else set(sets[0])
        if len(terms) > 1:
            docs = self.docs
            result = {d for d in result if occurrences(docs[d], terms) > 0}
        return result

    def matches(self, query):
        required, excluded = query
        clauses = []
        for clause in required:
            u = set()
            for alt in clause:
                u |= self.phrase(alt)
            clauses.append(u)
        clauses.sort(key=len)
        result = clauses[0]
        for c in clauses[1:]:
            result = result & c
        for e in excluded:
            result = result - self.phrase(e)
        return result

    def idf(self, t):
        df = len(self.index.get(t, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def score(self, query, d):
        tokens = self.docs[d]
        length = len(tokens)
        score = 0.0
        for clause in query[0]:
            s = 0.0
            for alt in clause:
                tf = occurrences(tokens, alt)
                if tf > 0:
                    idf = 0.0
                    for t in alt:
                        idf += self.idf(t)
                    s += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.average))
            score += s
        return score

    def top(self, query, docs, k):
        scored = [(-self.score(query, d), d) for d in docs]
        return heapq.nsmallest(k, scored)

    def answer(self, query, k):
        docs = self.matches(query)
        return len(docs), (self.top(query, docs, k) if k > 0 else [])


def cell(run, queries):
    """queries/s (one warm pass, then passes until 0.5 s, at least 3) and p99 latency in microseconds."""
    for q in queries:
        run(q)
    lat, passes, spent = [], [], 0.0
    while len(passes) < 3 or (spent < 0.5 and len(passes) < 25):
        t0 = time.perf_counter()
        for q in queries:
            s = time.perf_counter()
            run(q)
            lat.append(time.perf_counter() - s)
        passes.append(time.perf_counter() - t0)
        spent += passes[-1]
    passes.sort()
    lat.sort()
    median = passes[len(passes) // 2]
    return (len(queries) / median if median > 0 else 0.0), lat[min(len(lat) - 1, int(math.ceil(0.99 * len(lat))) - 1)] * 1e6


def main():
    ap = peer.parser("search.py", None, repeats=3)
    ap.add_argument("--variant", required=True, choices=VARIANTS)
    ap.add_argument("--input", required=True)
    ap.add_argument("--query-file", required=True)
    ap.add_argument("--top", type=int, default=10)
    for name, typ in (("docs", int), ("words", str), ("vocabulary", int), ("zipf", float), ("seed", int), ("queries", int)):
        ap.add_argument("--" + name, type=typ)
    a = ap.parse_args()
    peer.require_positive(ap, a, "threads", "repeats")
    if a.top < 0:
        ap.error("--top must be >= 0")
    try:
        with open(a.input, encoding="utf-8") as f:
            texts = f.read().split("\n")
        with open(a.query_file, encoding="utf-8") as f:
            query_texts = f.read().split("\n")
    except OSError as e:
        ap.error(peer.one_line(e))
    # Each line ends with a newline: the last piece is empty.
    if texts and texts[-1] == "":
        texts.pop()
    if query_texts and query_texts[-1] == "":
        query_texts.pop()
    try:
        queries = [parse(q) for q in query_texts]
    except QueryError as e:
        ap.error(str(e))

    t0 = time.perf_counter()
    index = SetIndex(texts)
    build = time.perf_counter() - t0

    def run():
        return [index.answer(q, a.top) for q in queries]

    answers, secs = peer.timed(run, a.repeats)
    values, total = [], 0
    for count, hits in answers:
        total += count
        values.append(count)
        values.append(len(hits))
        for neg, d in hits:
            values.append(d)
            values.append(int(round(-neg * 1e9)))

    figures = {"build_s": build, "docs_per_s": len(texts) / build if build > 0 else 0.0}
    k = max(a.top, 1)
    for t in ("and", "or", "phrase", "mixed"):
        subset = [q for q in queries if kind(q) == t]
        if not subset:
            continue
        qps, p99 = cell(lambda q: len(index.matches(q)), subset)
        figures[t + "_count_qps"], figures[t + "_count_p99_us"] = qps, p99
        qps, p99 = cell(lambda q: index.top(q, index.matches(q), k), subset)
        figures[t + "_top_qps"], figures[t + "_top_p99_us"] = qps, p99

    spec = {name: getattr(a, name) for name in ("docs", "words", "vocabulary", "zipf", "seed", "queries") if getattr(a, name) is not None}
    spec["top"] = a.top
    rung = ("pypy-" if peer.IS_PYPY else "python-") + a.variant
    return peer.result("search", rung, spec, a, secs, len(queries), "queries/s", total, peer.interpreter_version(),
                       fingerprint=peer.fingerprint_i64s(values), figures=figures)


if __name__ == "__main__":
    sys.exit(main())
