using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>A <c>HashSet&lt;string&gt;</c> (Python's <c>set</c>): membership by hash; a set has no order, so a prefix count still scans every token.</summary>
public sealed class TokensHashSet : BuiltOnceRung<TokensProblem, HashSet<string>, TokensResult>
{
    public override string Name => "hashset";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "HashSet<string> (ordinal): O(1) membership, but each prefix count scans the whole set";
    public override double MaxBenchWork => 1000;

    protected override HashSet<string> Build(TokensProblem problem, RunContext context) => new(problem.Tokens, StringComparer.Ordinal);

    protected override TokensResult Compute(HashSet<string> set, TokensProblem problem, RunContext context)
    {
        // EnsureCapacity(0) returns the capacity without changing it: the length of the buckets (int) and of the
        // entries (hash code, next, the reference: 16 bytes).
        int capacity = set.EnsureCapacity(0);
        long bytes = ObjectSizes.Object(48) + ObjectSizes.Array(capacity, 4) + ObjectSizes.Array(capacity, 16) + ObjectSizes.Strings(set);
        return problem.RunAll(set.Contains, p => set.Count(t => t.StartsWith(p, StringComparison.Ordinal)), bytes, context.Latency);
    }
}
