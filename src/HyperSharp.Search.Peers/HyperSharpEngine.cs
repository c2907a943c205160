using HyperSharp.Search;

namespace HyperSharp.Search.Peers;

/// <summary>
/// HyperSharp.Search through the same driver as the other engines, so that its build (one thread, the file written
/// and renamed into place) and its per-type COUNT and TOP_10 figures are measured as theirs are.
/// </summary>
internal sealed class HyperSharpEngine : ISearchEngine
{
    private SearchIndex? _index;
    private Query[] _queries = [];

    public string Implementation => "hypersharp";

    public string Version { get; } = "HyperSharp.Search " + typeof(SearchIndex).Assembly.GetName().Version?.ToString(3);

    public void Build(IReadOnlyList<string> documents, string folder)
    {
        string path = Path.Combine(folder, "corpus.idx");
        var builder = new IndexBuilder { Threads = 1 };
        for (int i = 0; i < documents.Count; i++)
            builder.AddText(documents[i], "corpus", i + 1);
        builder.Write(path);
        _index = SearchIndex.Open(path);
    }

    public void Prepare(IReadOnlyList<Query> queries) => _queries = [.. queries];

    public long Count(int q) => _index!.Count(_queries[q]);

    /// <summary>TOP_k alone: the pruned top-k (the count is not computed; COUNT mode measures that).</summary>
    public void Top(int q, int k, List<SearchHit>? hits)
    {
        IReadOnlyList<SearchHit> top = _index!.Top(_queries[q], k);
        hits?.AddRange(top);
    }

    /// <summary>The ladder's answer: the exact count and the top k (a count pass and a pruned top-k pass).</summary>
    public long Answer(int q, int k, List<SearchHit>? hits)
    {
        SearchResults r = _index!.Search(_queries[q], k);
        hits?.AddRange(r.Hits);
        return r.Count;
    }

    public long IndexBytes => _index?.FileBytes ?? 0;

    public void Dispose() => _index?.Dispose();
}
