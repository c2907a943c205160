using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>A sorted <c>string[]</c> (the book's <c>bisect</c>): ordinal binary search, a prefix's tokens found as one range by two searches.</summary>
public sealed class TokensSorted : BuiltOnceRung<TokensProblem, string[], TokensResult>
{
    public override string Name => "sorted";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "sorted string[] (ordinal), binary search; a prefix count is the width of the range two binary searches find";

    protected override string[] Build(TokensProblem problem, RunContext context)
    {
        string[] sorted = [.. problem.Tokens];
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    protected override TokensResult Compute(string[] sorted, TokensProblem problem, RunContext context) => problem.RunAll(
        q => Array.BinarySearch(sorted, q, StringComparer.Ordinal) >= 0,
        p => PrefixRange(sorted, p),
        ObjectSizes.Array(sorted.Length, 8) + ObjectSizes.Strings(sorted),
        context.Latency);

    /// <summary>How many of <paramref name="sorted"/> start with <paramref name="p"/>: they follow one another from the first ≥ p.</summary>
    private static int PrefixRange(string[] sorted, string p)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(sorted[mid], p) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        int from = lo;
        hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].StartsWith(p, StringComparison.Ordinal))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo - from;
    }
}
