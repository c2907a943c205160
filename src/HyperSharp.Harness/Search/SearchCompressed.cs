using System.Diagnostics;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>The index library: block bit-packed postings read from the memory-mapped file, blocks skipped by their last document, positions for phrases.</summary>
public sealed class SearchCompressed : SyncRung<SearchProblem, SearchAnswer>
{
    public override string Name => "compressed";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "HyperSharp.Search: mmapped delta + bit-packed blocks of 128 with skip data, doc-at-a-time BM25 top-k heap";

    protected override SearchAnswer Compute(SearchProblem problem, RunContext context)
    {
        int n = problem.Queries.Length;
        var counts = new long[n];
        var hits = new SearchHit[n][];
        for (int q = 0; q < n; q++)
            (counts[q], hits[q]) = One(problem, q, context);
        return new SearchAnswer(counts, hits);
    }

    internal static (long, SearchHit[]) One(SearchProblem problem, int q, RunContext context)
    {
        long start = Stopwatch.GetTimestamp();
        SearchResults r = problem.Index.Search(problem.Queries[q], problem.Top);
        context.Latency?.RecordSince(start);
        return (r.Count, [.. r.Hits]);
    }
}
