using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>The compressed rung with the queries spread over all the threads allowed (the index is shared, read-only).</summary>
public sealed class SearchThreads : SyncRung<SearchProblem, SearchAnswer>
{
    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override string Technique => "compressed rung, queries spread over the threads (Parallel.For, shared mmapped index)";
    public override RungResources Uses => RungResources.Threads;

    protected override SearchAnswer Compute(SearchProblem problem, RunContext context)
    {
        int n = problem.Queries.Length;
        var counts = new long[n];
        var hits = new SearchHit[n][];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = context.MaxThreads }, q => (counts[q], hits[q]) = SearchCompressed.One(problem, q, context));
        return new SearchAnswer(counts, hits);
    }
}
