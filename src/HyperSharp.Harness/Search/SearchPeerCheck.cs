using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>
/// How a peer's answer is judged when its scores are its own: Lucene.NET's BM25 reads document lengths back from a
/// one-byte norm (lengths rounded to a few significant bits), and FTS5's <c>bm25()</c> takes idf = ln((N − n + 0.5) /
/// (n + 0.5)) and scores a phrase by the phrase's own document frequency, so neither ranks exactly as we do. Counts
/// must be equal, query by query; each peer hit must be a document that matches, no document twice, and as many hits
/// as min(top, count); and every peer hit, scored by our exact BM25, must score at least (1 − ε) × our k-th best
/// score. The measure is the largest such relative shortfall (0: the peer's top-k is a top-k of ours); a count, a
/// hit that does not match or a missing hit is an infinite error.
/// </summary>
public sealed class SearchPeerCheck
{
    private readonly string[][] _tokens;
    private readonly Query[] _queries;
    private readonly Dictionary<string, int> _df = new(StringComparer.Ordinal);
    private readonly double _average;

    /// <summary>The answer file's measure, in words.</summary>
    public const string Measure = "largest relative shortfall of a peer's top-k hit below our k-th best BM25 score (∞: a count or a hit set wrong)";

    public SearchPeerCheck(IReadOnlyList<string> documents, IReadOnlyList<string> queries)
    {
        _tokens = SearchTokens.Of(documents);
        _queries = [.. queries.Select(Query.Parse)];
        foreach (string[] doc in _tokens)
        {
            foreach (string t in doc.Distinct(StringComparer.Ordinal))
                _df[t] = _df.GetValueOrDefault(t) + 1;
        }
        _average = _tokens.Length == 0 ? 0 : (double)_tokens.Sum(t => (long)t.Length) / _tokens.Length;
    }

    /// <summary>The check of a spec's documents and queries (those the bench hands the peers).</summary>
    public static SearchPeerCheck Of(SearchSpec spec)
    {
        string[] docs = [.. ZipfCorpus.Documents(spec)];
        return new SearchPeerCheck(docs, SearchQueries.Draw(spec, docs));
    }

    /// <summary>Whether document <paramref name="doc"/> matches query <paramref name="q"/>.</summary>
    public bool Matches(int q, int doc)
    {
        string[] tokens = _tokens[doc];
        Query query = _queries[q];
        return query.Required.All(c => c.Any(a => SetEvaluator<int[]>.Occurrences(tokens, a) > 0)) &&
               !query.Excluded.Any(e => SetEvaluator<int[]>.Occurrences(tokens, e) > 0);
    }

    /// <summary>Our exact BM25 score of <paramref name="doc"/> for query <paramref name="q"/>.</summary>
    public double Score(int q, int doc) =>
        SetEvaluator<int[]>.Score(_queries[q], _tokens[doc], t => _df.GetValueOrDefault(t), _tokens.Length, _average);

    /// <summary>
    /// Judges <paramref name="peer"/> against <paramref name="exact"/> (ours, on the same documents and queries) with
    /// <paramref name="tolerance"/> as ε.
    /// </summary>
    public Verification Judge(SearchAnswer exact, SearchAnswer peer, double tolerance)
    {
        if (exact.Counts.Length != peer.Counts.Length || exact.Counts.Length != _queries.Length)
            return Verification.Within(double.PositiveInfinity, tolerance, Measure);
        double worst = 0;
        for (int q = 0; q < _queries.Length; q++)
        {
            SearchHit[] ours = exact.Hits[q], theirs = peer.Hits[q];
            if (exact.Counts[q] != peer.Counts[q] || ours.Length != theirs.Length)
                return Verification.Within(double.PositiveInfinity, tolerance, Measure);
            if (ours.Length == 0)
                continue;
            double kth = ours[^1].Score;
            var seen = new HashSet<int>();
            foreach (SearchHit h in theirs)
            {
                if (h.Doc < 0 || h.Doc >= _tokens.Length || !seen.Add(h.Doc) || !Matches(q, h.Doc))
                    return Verification.Within(double.PositiveInfinity, tolerance, Measure);
                double s = Score(q, h.Doc);
                if (kth > 0 && s < kth)
                    worst = Math.Max(worst, (kth - s) / kth);
            }
        }
        return Verification.Within(worst, tolerance, Measure);
    }
}
