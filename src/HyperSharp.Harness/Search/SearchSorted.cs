using HyperSharp.Ladder;

namespace HyperSharp.Harness.Search;

/// <summary>Sorted <c>int[]</c> postings, intersected by galloping (exponential then binary search) from the shorter list.</summary>
public sealed class SearchSorted : StagedRung<SearchProblem, SetEvaluator<int[]>, SearchAnswer>
{
    public override string Name => "sorted";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "sorted int[] postings: merge with galloping search";

    protected override SetEvaluator<int[]> Stage(SearchProblem problem, RunContext context) => new(problem, new SortedPostings(), list => [.. list]);

    protected override SearchAnswer Compute(SetEvaluator<int[]> state, SearchProblem problem, RunContext context) => state.RunAll(context.Latency);
}
