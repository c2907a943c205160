using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>The set operations a postings representation offers (hash sets, sorted arrays, vectorised sorted arrays).</summary>
public interface IPostingSets<TSet>
{
    TSet Empty { get; }

    int Count(TSet set);

    TSet Intersect(TSet a, TSet b);

    TSet Union(TSet a, TSet b);

    TSet Except(TSet a, TSet b);

    TSet Where(TSet set, Func<int, bool> keep);

    int[] Sorted(TSet set);
}

/// <summary>
/// Queries answered by set algebra over in-memory postings (term → set of documents): each phrase the intersection
/// of its terms' sets, checked against the documents' tokens; each OR a union; the clauses intersected rarest first;
/// exclusions subtracted. Matches are scored by BM25 from the tokens, clauses summed in the query's order, exactly as
/// the index library sums them.
/// </summary>
public sealed class SetEvaluator<TSet>
{
    private readonly SearchProblem _problem;
    private readonly IPostingSets<TSet> _ops;
    private readonly Dictionary<string, TSet> _postings;
    private readonly Dictionary<string, int> _df;
    private readonly double _average;

    /// <summary>The mean document length (BM25's avgdl).</summary>
    public static double AverageLength(SearchProblem problem) =>
        problem.Tokens.Length == 0 ? 0 : (double)problem.Tokens.Sum(t => (long)t.Length) / problem.Tokens.Length;

    public SetEvaluator(SearchProblem problem, IPostingSets<TSet> ops, Func<List<int>, TSet> make)
    {
        _problem = problem;
        _ops = ops;
        var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int d = 0; d < problem.Tokens.Length; d++)
        {
            foreach (string t in problem.Tokens[d])
            {
                if (!lists.TryGetValue(t, out List<int>? list))
                    lists[t] = list = [];
                if (list.Count == 0 || list[^1] != d)
                    list.Add(d);
            }
        }
        _postings = lists.ToDictionary(p => p.Key, p => make(p.Value), StringComparer.Ordinal);
        _df = lists.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
        _average = AverageLength(problem);
    }

    private TSet Phrase(string[] terms)
    {
        TSet[] sets = new TSet[terms.Length];
        for (int k = 0; k < terms.Length; k++)
        {
            if (!_postings.TryGetValue(terms[k], out TSet? s))
                return _ops.Empty;
            sets[k] = s;
        }
        TSet result = sets.OrderBy(_ops.Count).Aggregate(_ops.Intersect);
        return terms.Length == 1 ? result : _ops.Where(result, d => Occurrences(_problem.Tokens[d], terms) > 0);
    }

    /// <summary>Places a phrase starts in a document's tokens.</summary>
    public static int Occurrences(string[] doc, string[] phrase)
    {
        int found = 0;
        for (int p = 0; p + phrase.Length <= doc.Length; p++)
        {
            int k = 0;
            while (k < phrase.Length && string.Equals(doc[p + k], phrase[k], StringComparison.Ordinal))
                k++;
            if (k == phrase.Length)
                found++;
        }
        return found;
    }

    public (long Count, SearchHit[] Hits) Run(Query query, int top)
    {
        TSet[] clauses = query.Required.Select(c => c.Select(Phrase).Aggregate(_ops.Union)).ToArray();
        TSet result = clauses.OrderBy(_ops.Count).Aggregate(_ops.Intersect);
        foreach (string[] e in query.Excluded)
            result = _ops.Except(result, Phrase(e));
        int[] docs = _ops.Sorted(result);
        var heap = new TopK(top);
        if (top > 0)
        {
            foreach (int d in docs)
                heap.Offer(d, Score(query, _problem.Tokens[d], t => _df[t], _problem.Tokens.Length, _average));
        }
        return (docs.Length, heap.Drain());
    }

    /// <summary>A matching document's BM25 score: clauses in the query's order, alternatives in theirs (as the index library sums).</summary>
    public static double Score(Query query, string[] tokens, Func<string, int> df, int documents, double average)
    {
        double score = 0;
        foreach (IReadOnlyList<string[]> clause in query.Required)
        {
            double s = 0;
            foreach (string[] alternative in clause)
            {
                int tf = Occurrences(tokens, alternative);
                if (tf > 0)
                    s += Bm25.Score(alternative.Sum(t => Bm25.Idf(documents, df(t))), tf, tokens.Length, average);
            }
            score += s;
        }
        return score;
    }

    /// <summary>Every query of the problem, each timed into <paramref name="latency"/>.</summary>
    public SearchAnswer RunAll(Ladder.LatencyRecorder? latency)
    {
        int n = _problem.Queries.Length;
        var counts = new long[n];
        var hits = new SearchHit[n][];
        for (int q = 0; q < n; q++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            (counts[q], hits[q]) = Run(_problem.Queries[q], _problem.Top);
            latency?.RecordSince(start);
        }
        return new SearchAnswer(counts, hits);
    }
}
