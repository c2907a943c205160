using HyperSharp.Ladder;

namespace HyperSharp.Harness.Search;

/// <summary>The book's dict/set: <c>Dictionary&lt;string, HashSet&lt;int&gt;&gt;</c>, intersected, united and subtracted as sets.</summary>
public sealed class SearchSets : StagedRung<SearchProblem, SetEvaluator<HashSet<int>>, SearchAnswer>
{
    public override string Name => "sets";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "inverted index as hash sets: AND = IntersectWith, smallest first";

    protected override SetEvaluator<HashSet<int>> Stage(SearchProblem problem, RunContext context) =>
        new(problem, new Ops(), list => [.. list]);

    protected override SearchAnswer Compute(SetEvaluator<HashSet<int>> state, SearchProblem problem, RunContext context) => state.RunAll(context.Latency);

    private sealed class Ops : IPostingSets<HashSet<int>>
    {
        public HashSet<int> Empty { get; } = [];

        public int Count(HashSet<int> set) => set.Count;

        public HashSet<int> Intersect(HashSet<int> a, HashSet<int> b)
        {
            (HashSet<int> small, HashSet<int> large) = a.Count <= b.Count ? (a, b) : (b, a);
            var r = new HashSet<int>(small);
            r.IntersectWith(large);
            return r;
        }

        public HashSet<int> Union(HashSet<int> a, HashSet<int> b)
        {
            var r = new HashSet<int>(a);
            r.UnionWith(b);
            return r;
        }

        public HashSet<int> Except(HashSet<int> a, HashSet<int> b)
        {
            var r = new HashSet<int>(a);
            r.ExceptWith(b);
            return r;
        }

        public HashSet<int> Where(HashSet<int> set, Func<int, bool> keep) => [.. set.Where(keep)];

        public int[] Sorted(HashSet<int> set)
        {
            int[] a = [.. set];
            Array.Sort(a);
            return a;
        }
    }
}
