using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// Compact token storage (Gorelick ch. 11, using less RAM): millions of word-like tokens kept in a list, a hash set, a
/// sorted array, one UTF-8 buffer with offsets, a radix trie over bytes and a minimal acyclic automaton in one byte array. Every rung answers the same questions —
/// is a string stored, how many stored tokens start with a prefix — exactly, and reports the bytes its structure holds.
/// </summary>
public sealed class TokensLadder() : Ladder<TokensSpec, TokensProblem, TokensResult>(
    [new TokensList(), new TokensHashSet(), new TokensSorted(), new TokensBlob(), new TokensTrie(), new TokensSuccinct()])
{
    public override string Name => "tokens";
    public override string Title => "Compact token storage: list, hash set, sorted array, one UTF-8 blob, a radix trie, a minimal automaton (Gorelick ch. 11)";
    public override string Unit => "lookups/s";

    public override SpecDeclaration<TokensSpec> Spec { get; } =
        new SpecDeclaration<TokensSpec>(v => new TokensSpec(v.Int("count"), v.Long("seed"), v.Int("queries"), v.Text("corpus")))
            .Integer("count", "Distinct tokens stored (of a word list: at most this many, drawn with the seed).", s => s.Count, 1_000_000, 0, TokenCorpus.MaxCount,
                axis: new SweepAxis("count", [100_000, 1_000_000], Report: [100_000, 1_000_000]))
            .Integer("seed", "Seed of the tokens and of the queries.", s => s.Seed, 1, 0, int.MaxValue)
            .Integer("queries", "Questions asked: of every four, two stored tokens, one near miss, one prefix count.", s => s.Queries, 10_000, 1, 10_000_000)
            .Text("corpus", "synthetic (word-like tokens), or a word list, one word a line (UTF-8).", s => s.Corpus, TokensSpec.Synthetic,
                axis: new SweepAxis("corpora", BenchCorpora, Report: BenchCorpora));

    /// <summary>The synthetic tokens, and Debian's word list where one is installed (wamerican-insane, or /usr/share/dict/words).</summary>
    private static SpecValue[] BenchCorpora =>
        TokenCorpus.InstalledWordList is { } words ? [TokensSpec.Synthetic, words] : [TokensSpec.Synthetic];

    protected override void Check(TokensSpec spec)
    {
        if (spec.Corpus != TokensSpec.Synthetic && !File.Exists(spec.Corpus))
            throw new SpecException($"--corpus takes synthetic or a word list file (no such file: {spec.Corpus})");
    }

    public override TokensProblem Build(TokensSpec spec) => TokensProblem.Of(spec);

    /// <summary>
    /// The book's Python list, set and sorted list with <c>bisect</c>, and the tries Debian packages for Python
    /// (<c>marisa_trie</c> or <c>import marisa</c>, <c>import datrie</c>), on the same tokens and questions; each skipped
    /// with the reason where its module is missing. The list and the set scan every token for a prefix count: they run
    /// only for small query sets.
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("tokens", "python-list", "list", maxWork: 100, exact: true),
        PeerProgram.Python("tokens", "python-set", "set", maxWork: 100, exact: true),
        PeerProgram.Python("tokens", "python-bisect", "bisect", exact: true),
        PeerProgram.Python("tokens", "python-marisa", "marisa", exact: true),
        PeerProgram.Python("tokens", "python-datrie", "datrie", exact: true),
    ];

    /// <summary>The tokens (one a line) and the questions (<c>m</c> or <c>p</c>, a tab, the text), written once per spec.</summary>
    public override IReadOnlyList<string> PeerArguments(TokensSpec spec, Func<TokensProblem> problem, string directory)
    {
        string corpus = spec.Corpus == TokensSpec.Synthetic ? "synthetic" : $"{Path.GetFileName(spec.Corpus)}-{System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(spec.Corpus)):x16}";
        string stem = Path.Combine(directory, $"tokens-{corpus}-{spec.Count}-{spec.Seed}-{spec.Queries}");
        string tokens = stem + ".tokens.txt", queries = stem + ".queries.tsv";
        if (!File.Exists(queries))
        {
            TokensProblem p = problem();
            TokenCorpus.Write(tokens, p.Tokens);
            TokenCorpus.Write(queries, p.Queries.Select(q => (q.IsPrefix ? "p\t" : "m\t") + q.Text));
        }
        return ["--tokens", tokens, "--query-file", queries];
    }

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
        new Dictionary<string, double> { ["tokens"] = result.Tokens, ["structure_bytes"] = result.StructureBytes, ["bytes_per_token"] = Math.Round(result.BytesPerToken, 2) };

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
