namespace HyperSharp.Search;

/// <summary>Turns a <see cref="Query"/> into cursors over an index and runs them: COUNT, or BM25 top-k with a bounded heap (exhaustive, or skipping what cannot enter it).</summary>
internal static class QueryEvaluator
{
    public static DocCursor Cursor(SearchIndex index, Query query, Bm25Scorer? scorer)
    {
        var required = query.Required.Select(clause => Alternatives(index, clause, scorer)).ToList();
        if (required.Any(c => c is EmptyCursor))
            return new EmptyCursor();
        var excluded = query.Excluded.Select(e => Phrase(index, e, null)).Where(c => c is not EmptyCursor);
        return new AndCursor(required, excluded);
    }

    /// <summary>A clause's cursor: its one phrase, or an OR of those present (none present: nothing matches).</summary>
    private static DocCursor Alternatives(SearchIndex index, IReadOnlyList<string[]> clause, Bm25Scorer? scorer)
    {
        if (clause.Count == 1)
            return Phrase(index, clause[0], scorer);
        DocCursor[] present = [.. clause.Select(a => Phrase(index, a, scorer)).Where(c => c is not EmptyCursor)];
        return present.Length == 0 ? new EmptyCursor() : new OrCursor(present);
    }

    private static DocCursor Phrase(SearchIndex index, string[] terms, Bm25Scorer? scorer)
    {
        var cursors = new TermCursor[terms.Length];
        for (int k = 0; k < terms.Length; k++)
        {
            int t = index.FindTerm(terms[k]);
            if (t < 0)
                return new EmptyCursor();
            cursors[k] = new TermCursor(index, t, scorer);
        }
        return terms.Length == 1 ? cursors[0] : new PhraseCursor(cursors, scorer);
    }

    public static long Count(SearchIndex index, Query query)
    {
        DocCursor c = Cursor(index, query, null);
        long count = 0;
        while (c.Next() != DocCursor.NoMore)
            count++;
        return count;
    }

    /// <summary>
    /// The count and top hits by scoring every match: the definition top-k search must reproduce exactly (the tests
    /// hold <see cref="Top"/> to it).
    /// </summary>
    public static SearchResults Exhaustive(SearchIndex index, Query query, int top)
    {
        var scorer = new Bm25Scorer(index);
        DocCursor c = Cursor(index, query, scorer);
        var heap = new TopK(top);
        long count = 0;
        while (c.Next() != DocCursor.NoMore)
        {
            count++;
            if (top > 0)
                heap.Offer(c.Doc, c.Score());
        }
        return new SearchResults(count, heap.Drain());
    }

    /// <summary>
    /// The <paramref name="top"/> best hits without scoring every match. Documents come in increasing order, so once
    /// the heap is full a document enters only by scoring above the k-th score θ (a tie goes to the earlier one).
    /// Runs of documents whose block bounds (per-block saturation maxima from the index, summed over the query's
    /// parts) cannot beat θ are skipped without decoding them, an OR drops alternatives whose bounds together cannot
    /// beat θ (MaxScore), and the search stops once the query's bound cannot. Every document that is scored is
    /// scored by the same cursors as <see cref="Exhaustive"/>, so the hits and their scores are identical to it.
    /// </summary>
    public static SearchHit[] Top(SearchIndex index, Query query, int top)
    {
        if (top == 0)
            return [];
        var scorer = new Bm25Scorer(index);
        DocCursor c = Cursor(index, query, scorer);
        var heap = new TopK(top);
        double theta = double.NegativeInfinity;
        int target = 0, regionEnd = -1;
        double regionBound = 0;
        while (true)
        {
            if (heap.Full)
            {
                while (true)
                {
                    if (target > regionEnd)
                    {
                        regionEnd = c.Bound(target, out regionBound);
                        if (regionEnd == DocCursor.NoMore)
                            return heap.Drain();
                    }
                    if (regionBound > theta)
                        break;
                    if (regionEnd >= DocCursor.LastDoc)
                        return heap.Drain();
                    target = regionEnd + 1;
                }
            }
            int doc = c.Advance(target);
            if (doc == DocCursor.NoMore)
                break;
            heap.Offer(doc, c.Score());
            if (heap.Full && heap.Worst.Score > theta)
            {
                theta = heap.Worst.Score;
                if (c.MaxScore <= theta)
                    break;
                c.SetMinCompetitive(theta);
            }
            target = doc + 1;
        }
        return heap.Drain();
    }
}

/// <summary>
/// The k best (score, document) pairs seen, in a binary min-heap whose root is the worst kept: a new pair replaces it
/// only when better. Better: higher score, then lower document number — a total order, so every rung agrees.
/// </summary>
public sealed class TopK
{
    private readonly SearchHit[] _heap;
    private int _count;

    /// <summary>A heap that keeps the <paramref name="k"/> best.</summary>
    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _heap = new SearchHit[k];
    }

    /// <summary>Whether <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
    public static bool Better(SearchHit a, SearchHit b) => a.Score > b.Score || (a.Score == b.Score && a.Doc < b.Doc);

    /// <summary>Whether k pairs are kept (a new one now enters only by beating <see cref="Worst"/>).</summary>
    internal bool Full => _count == _heap.Length;

    /// <summary>The worst pair kept (the root).</summary>
    internal SearchHit Worst => _heap[0];

    /// <summary>Considers document <paramref name="doc"/> with <paramref name="score"/>.</summary>
    public void Offer(int doc, double score)
    {
        var hit = new SearchHit(doc, score);
        if (_count < _heap.Length)
        {
            int i = _count++;
            _heap[i] = hit;
            while (i > 0 && Better(_heap[(i - 1) / 2], _heap[i]))
            {
                (_heap[i], _heap[(i - 1) / 2]) = (_heap[(i - 1) / 2], _heap[i]);
                i = (i - 1) / 2;
            }
        }
        else if (_heap.Length > 0 && Better(hit, _heap[0]))
        {
            _heap[0] = hit;
            int i = 0;
            while (true)
            {
                int l = 2 * i + 1, r = l + 1, worst = i;
                if (l < _count && Better(_heap[worst], _heap[l]))
                    worst = l;
                if (r < _count && Better(_heap[worst], _heap[r]))
                    worst = r;
                if (worst == i)
                    break;
                (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
                i = worst;
            }
        }
    }

    /// <summary>The kept pairs, best first; the heap is empty afterwards.</summary>
    public SearchHit[] Drain()
    {
        SearchHit[] result = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(result, (a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        _count = 0;
        return result;
    }
}
