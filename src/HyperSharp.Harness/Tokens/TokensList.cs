using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>The reference: a <c>List&lt;string&gt;</c> (the book's list of words), every query a linear search.</summary>
public sealed class TokensList : BuiltOnceRung<TokensProblem, List<string>, TokensResult>
{
    public override string Name => "list";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "List<string>, linear search for membership and a scan for each prefix count";
    public override double MaxBenchWork => 200;

    protected override List<string> Build(TokensProblem problem, RunContext context) => [.. problem.Tokens];

    protected override TokensResult Compute(List<string> list, TokensProblem problem, RunContext context) => problem.RunAll(
        list.Contains,
        p => list.Count(t => t.StartsWith(p, StringComparison.Ordinal)),
        // The list (items, size, version), its array of references (capacity: the collection expression sizes it exactly), the strings.
        ObjectSizes.Object(16) + ObjectSizes.Array(list.Capacity, 8) + ObjectSizes.Strings(list),
        context.Latency);
}
