using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>
/// What every search rung receives: the documents (texts and their tokens), the parsed queries, and the same
/// documents indexed into a file in a temporary folder, opened (memory-mapped) for the compressed rungs. Built once,
/// untimed; deleted on disposal.
/// </summary>
public sealed class SearchProblem : IDisposable, IAsyncDisposable
{
    private readonly string _folder;
    private readonly Lazy<string[][]> _tokens;

    public SearchProblem(IReadOnlyList<string> documents, IReadOnlyList<string> queries, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        Documents = documents;
        _tokens = new Lazy<string[][]>(() => SearchTokens.Of(documents));
        QueryTexts = queries;
        Queries = queries.Select(Query.Parse).ToArray();
        Top = top;
        _folder = Directory.CreateTempSubdirectory("hypersharp-search-").FullName;
        IndexPath = Path.Combine(_folder, "corpus.idx");
        var builder = new IndexBuilder();
        for (int i = 0; i < documents.Count; i++)
            builder.AddText(documents[i], "corpus", i + 1);
        builder.Write(IndexPath);
        Index = SearchIndex.Open(IndexPath);
    }

    public IReadOnlyList<string> Documents { get; }

    /// <summary>
    /// Each document's tokens, as the <see cref="Analyzer"/> gives them: made on first use (the rungs on the index
    /// file never need them), untimed where a rung stages them.
    /// </summary>
    public string[][] Tokens => _tokens.Value;

    public IReadOnlyList<string> QueryTexts { get; }

    public Query[] Queries { get; }

    /// <summary>Hits ranked per query.</summary>
    public int Top { get; }

    /// <summary>The index file of the documents (for the compressed rungs and the peers' size comparison).</summary>
    public string IndexPath { get; }

    public SearchIndex Index { get; }

    public void Dispose()
    {
        Index.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a run for.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}

/// <summary>Documents as token arrays, each distinct token one string (a corpus repeats a small vocabulary: one copy of each word, not one per occurrence).</summary>
public static class SearchTokens
{
    public static string[][] Of(IReadOnlyList<string> documents)
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokens = new string[documents.Count][];
        for (int d = 0; d < tokens.Length; d++)
        {
            IReadOnlyList<string> t = Analyzer.Tokenize(documents[d]);
            var doc = new string[t.Count];
            for (int i = 0; i < doc.Length; i++)
            {
                if (!words.TryGetValue(t[i], out string? word))
                    words.Add(t[i], word = t[i]);
                doc[i] = word;
            }
            tokens[d] = doc;
        }
        return tokens;
    }
}

/// <summary>A rung's answer: per query, the number of matches and the top hits (best first, ties by lower document).</summary>
public sealed record SearchAnswer(long[] Counts, SearchHit[][] Hits)
{
    /// <summary>The answer's canonical bytes: per query its count, hit count, then each hit's document (int64) and score in units of 1e-9 (int64).</summary>
    public long[] Canonical()
    {
        var values = new List<long>();
        for (int q = 0; q < Counts.Length; q++)
        {
            values.Add(Counts[q]);
            values.Add(Hits[q].Length);
            foreach (SearchHit h in Hits[q])
            {
                values.Add(h.Doc);
                values.Add((long)Math.Round(h.Score * 1e9));
            }
        }
        return [.. values];
    }
}
