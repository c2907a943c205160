using System.Numerics;
using System.Runtime.Intrinsics;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Search;

/// <summary>Sorted postings intersected with vectors: each element of the shorter list is compared with eight of the longer at once.</summary>
public sealed class SearchSimd : StagedRung<SearchProblem, SetEvaluator<int[]>, SearchAnswer>
{
    public override string Name => "simd";
    public override RungKind Kind => RungKind.Vectorized;
    public override string Technique => "vectorised intersection: Vector256 compare counts the longer list's elements below each of the shorter's";

    protected override SetEvaluator<int[]> Stage(SearchProblem problem, RunContext context) => new(problem, new VectorPostings(), list => [.. list]);

    protected override SearchAnswer Compute(SetEvaluator<int[]> state, SearchProblem problem, RunContext context) => state.RunAll(context.Latency);

    /// <summary>The sorted representation with a vectorised intersection (union and difference merge as before).</summary>
    public sealed class VectorPostings : SortedPostings
    {
        public override int[] Intersect(int[] a, int[] b)
        {
            if (a.Length > b.Length)
                (a, b) = (b, a);
            var r = new List<int>(a.Length);
            int j = 0;
            ReadOnlySpan<int> bs = b;
            foreach (int x in a)
            {
                var vx = Vector256.Create(x);
                // Skip eight at a time while all eight are below x; the mask's popcount says how far to go otherwise.
                while (j + Vector256<int>.Count <= bs.Length)
                {
                    uint below = Vector256.LessThan(Vector256.Create(bs.Slice(j, Vector256<int>.Count)), vx).ExtractMostSignificantBits();
                    int n = BitOperations.PopCount(below);
                    j += n;
                    if (n < Vector256<int>.Count)
                        break;
                }
                while (j < bs.Length && bs[j] < x)
                    j++;
                if (j == bs.Length)
                    break;
                if (bs[j] == x)
                    r.Add(x);
            }
            return [.. r];
        }
    }
}
