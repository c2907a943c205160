namespace HyperSharp.Harness.Tokens;

/// <summary>
/// <paramref name="Count"/> distinct tokens drawn with <paramref name="Seed"/>, asked <paramref name="Queries"/>
/// questions; the tokens are synthetic (<paramref name="Corpus"/> <c>synthetic</c>) or up to <paramref name="Count"/>
/// of a word list's distinct lines (<paramref name="Corpus"/> its path).
/// </summary>
public sealed record TokensSpec(int Count, long Seed, int Queries, string Corpus = TokensSpec.Synthetic)
{
    /// <summary>The corpus of <see cref="TokenCorpus.Generate"/>.</summary>
    public const string Synthetic = "synthetic";
}
