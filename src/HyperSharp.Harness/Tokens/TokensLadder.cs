using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// Compact token storage (Gorelick ch. 11, using less RAM): millions of word-like tokens kept in a list, a hash set, a
/// sorted array, one UTF-8 buffer with offsets, and a radix trie over bytes. Every rung answers the same questions —
/// is a string stored, how many stored tokens start with a prefix — exactly, and reports the bytes its structure holds.
/// </summary>
public sealed class TokensLadder() : Ladder<TokensSpec, TokensProblem, TokensResult>(
    [new TokensList(), new TokensHashSet(), new TokensSorted(), new TokensBlob(), new TokensTrie()])
{
    public override string Name => "tokens";
    public override string Title => "Compact token storage: list, hash set, sorted array, one UTF-8 blob, a radix trie (Gorelick ch. 11)";
    public override string Unit => "lookups/s";

    public override SpecDeclaration<TokensSpec> Spec { get; } =
        new SpecDeclaration<TokensSpec>(v => new TokensSpec(v.Int("count"), v.Long("seed"), v.Int("queries")))
            .Integer("count", "Distinct tokens stored.", s => s.Count, 1_000_000, 0, TokenCorpus.MaxCount,
                axis: new SweepAxis("count", [100_000, 1_000_000], Report: [100_000, 1_000_000]))
            .Integer("seed", "Seed of the tokens and of the queries.", s => s.Seed, 1, 0, int.MaxValue)
            .Integer("queries", "Questions asked: of every four, two stored tokens, one near miss, one prefix count.", s => s.Queries, 10_000, 1, 10_000_000);

    public override TokensProblem Build(TokensSpec spec) => TokensProblem.Of(spec);

    public override double Work(TokensSpec spec) => spec.Queries;

    /// <summary>The reference scans every token per query: fewer queries, the same tokens, at about maxWork token comparisons.</summary>
    public override TokensSpec ShrinkTo(TokensSpec spec, double maxWork)
    {
        double perQuery = Math.Max(1, spec.Count);
        return spec.Queries * perQuery <= maxWork ? spec : spec with { Queries = (int)Math.Max(4, maxWork / perQuery) };
    }

    public override double Checksum(TokensResult result) => result.Present.Count(p => p) + result.PrefixCounts.Sum(c => (double)Math.Max(0, c));

    /// <summary>SHA-256 of, per query, 1 or 0 (stored) then its prefix count (−1 for a membership query), as little-endian int32s.</summary>
    public override Fingerprint? Fingerprint(TokensResult result)
    {
        var words = new int[2 * result.Present.Length];
        for (int i = 0; i < result.Present.Length; i++)
        {
            words[2 * i] = result.Present[i] ? 1 : 0;
            words[2 * i + 1] = result.PrefixCounts[i];
        }
        return Ladder.Fingerprint.Of(words);
    }

    /// <summary>The bytes the rung's structure holds, and per token.</summary>
    public override IReadOnlyDictionary<string, double> Figures(TokensResult result) =>
        new Dictionary<string, double> { ["structure_bytes"] = result.StructureBytes, ["bytes_per_token"] = Math.Round(result.BytesPerToken, 2) };

    public override Verification Verify(TokensResult reference, TokensResult candidate, double tolerance)
    {
        if (reference.Present.Length != candidate.Present.Length)
            return new Verification(false, double.PositiveInfinity, tolerance, "queries must be the problem's");
        int wrong = 0;
        for (int i = 0; i < reference.Present.Length; i++)
            if (reference.Present[i] != candidate.Present[i] || reference.PrefixCounts[i] != candidate.PrefixCounts[i])
                wrong++;
        return Verification.Within(wrong, tolerance, "queries answered differently");
    }
}
