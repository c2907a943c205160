namespace HyperSharp.Harness.Tokens;

/// <summary><paramref name="Count"/> distinct tokens drawn with <paramref name="Seed"/>, asked <paramref name="Queries"/> questions.</summary>
public sealed record TokensSpec(int Count, long Seed, int Queries);
