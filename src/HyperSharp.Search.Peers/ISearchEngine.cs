using HyperSharp.Search;

namespace HyperSharp.Search.Peers;

/// <summary>
/// A full-text engine the search peers drive the same way: build over the documents (timed, committed to disk),
/// then per query its count alone (COUNT), its top k alone (TOP_10), or both (the ladder's answer). Documents are
/// numbered 0… in the order given; hits come back with those numbers, best first, each with the engine's own score.
/// </summary>
internal interface ISearchEngine : IDisposable
{
    /// <summary>The result's <c>implementation</c> (<c>lucene.net</c>, <c>sqlite</c>, <c>hypersharp</c>).</summary>
    string Implementation { get; }

    /// <summary>The library's version, for the result.</summary>
    string Version { get; }

    /// <summary>Indexes <paramref name="documents"/> into <paramref name="folder"/> (empty, the engine's own) and commits.</summary>
    void Build(IReadOnlyList<string> documents, string folder);

    /// <summary>Translates the queries into the engine's own (untimed); query numbers below are indexes into them.</summary>
    void Prepare(IReadOnlyList<Query> queries);

    /// <summary>The number of documents query <paramref name="q"/> matches.</summary>
    long Count(int q);

    /// <summary>Query <paramref name="q"/>'s best <paramref name="k"/> (k ≥ 1) hits, added to <paramref name="hits"/> where given.</summary>
    void Top(int q, int k, List<SearchHit>? hits);

    /// <summary>Count and best <paramref name="k"/> hits (none when k = 0), as the ladder asks of a rung.</summary>
    long Answer(int q, int k, List<SearchHit>? hits);

    /// <summary>Bytes the committed index takes on disk.</summary>
    long IndexBytes { get; }
}
