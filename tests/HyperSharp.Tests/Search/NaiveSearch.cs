using HyperSharp.Search;

namespace HyperSharp.Tests.Search;

/// <summary>
/// The test oracle: every query answered by reading every document's tokens, BM25 by its formula written out here
/// (not <see cref="Bm25"/>), completion by sorting the whole vocabulary.
/// </summary>
internal sealed class NaiveSearch
{
    private readonly List<string[]> _docs;
    private readonly double _average;

    public NaiveSearch(IEnumerable<string> texts)
    {
        _docs = texts.Select(t => Analyzer.Tokenize(t).ToArray()).ToList();
        _average = _docs.Count == 0 ? 0 : _docs.Sum(d => (double)d.Length) / _docs.Count;
    }

    public int Documents => _docs.Count;

    /// <summary>Places a phrase starts in a document.</summary>
    public static int Occurrences(string[] doc, string[] phrase)
    {
        int found = 0;
        for (int p = 0; p + phrase.Length <= doc.Length; p++)
        {
            int k = 0;
            while (k < phrase.Length && doc[p + k] == phrase[k])
                k++;
            if (k == phrase.Length)
                found++;
        }
        return found;
    }

    private int Df(string term) => _docs.Count(d => d.Contains(term));

    private double Idf(string term)
    {
        double n = _docs.Count, df = Df(term);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    private double Weight(string[] phrase, double tf, int length)
    {
        double idf = phrase.Select(Idf).Sum();
        const double k1 = 1.2, b = 0.75;
        return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / _average));
    }

    /// <summary>Every match with its score, in document order.</summary>
    public List<SearchHit> Matches(string query)
    {
        Query q = Query.Parse(query);
        var parsed = QueryParts(q);
        var hits = new List<SearchHit>();
        for (int d = 0; d < _docs.Count; d++)
        {
            string[] doc = _docs[d];
            if (parsed.Excluded.Any(e => Occurrences(doc, e) > 0))
                continue;
            double score = 0;
            bool all = true;
            foreach (List<string[]> clause in parsed.Required)
            {
                bool any = false;
                double s = 0;
                foreach (string[] alternative in clause)
                {
                    int tf = Occurrences(doc, alternative);
                    if (tf > 0)
                    {
                        any = true;
                        s += Weight(alternative, tf, doc.Length);
                    }
                }
                if (!any)
                {
                    all = false;
                    break;
                }
                score += s;
            }
            if (all)
                hits.Add(new SearchHit(d, score));
        }
        return hits;
    }

    public SearchResults Search(string query, int top)
    {
        List<SearchHit> all = Matches(query);
        return new SearchResults(all.Count, all.OrderByDescending(h => h.Score).ThenBy(h => h.Doc).Take(top).ToArray());
    }

    public List<Completion> Complete(string prefix, int top)
    {
        prefix = prefix.ToLowerInvariant();
        return _docs.SelectMany(d => d).Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => new Completion(g.Key, g.LongCount()))
            .OrderByDescending(c => c.Frequency)
            .ThenBy(c => System.Text.Encoding.UTF8.GetBytes(c.Term), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .Take(top).ToList();
    }

    /// <summary>The parsed clauses (the parser is tested on its own, by its canonical text).</summary>
    private static (List<List<string[]>> Required, List<string[]> Excluded) QueryParts(Query q) =>
        (q.Required.Select(c => c.ToList()).ToList(), q.Excluded.ToList());
}
