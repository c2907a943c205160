using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>The reference: every query reads every document's tokens (the linear scan an inverted index replaces), document frequencies counted the same way.</summary>
public sealed class SearchScan : SyncRung<SearchProblem, SearchAnswer>
{
    public override string Name => "scan";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "linear scan: each query tests every document's tokens";

    /// <summary>Beyond this many queries the bench shows a skipped row (each query reads the whole corpus).</summary>
    public override double MaxBenchWork => 200;

    protected override SearchAnswer Compute(SearchProblem problem, RunContext context)
    {
        int n = problem.Queries.Length;
        var counts = new long[n];
        var hits = new SearchHit[n][];
        double average = SetEvaluator<int[]>.AverageLength(problem);
        for (int q = 0; q < n; q++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            Query query = problem.Queries[q];
            var df = query.Terms.ToDictionary(t => t, t => problem.Tokens.Count(d => Array.IndexOf(d, t) >= 0), StringComparer.Ordinal);
            var matches = new List<SearchHit>();
            for (int d = 0; d < problem.Tokens.Length; d++)
            {
                string[] doc = problem.Tokens[d];
                bool all = query.Required.All(c => c.Any(a => SetEvaluator<int[]>.Occurrences(doc, a) > 0)) &&
                           !query.Excluded.Any(e => SetEvaluator<int[]>.Occurrences(doc, e) > 0);
                if (all)
                    matches.Add(new SearchHit(d, SetEvaluator<int[]>.Score(query, doc, t => df[t], problem.Tokens.Length, average)));
            }
            counts[q] = matches.Count;
            hits[q] = [.. matches.OrderByDescending(h => h.Score).ThenBy(h => h.Doc).Take(problem.Top)];
            context.Latency?.RecordSince(start);
        }
        return new SearchAnswer(counts, hits);
    }
}
