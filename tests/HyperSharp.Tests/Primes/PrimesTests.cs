using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Tests.Primes;

/// <summary>Every prime-counting rung (HYPERSHARP_RUNG narrows it) against the book's count and the reference.</summary>
public sealed class PrimesTests
{
    private static readonly PrimesLadder s_ladder = Catalog.Primes;

    public static TheoryData<string> Rungs() => new(s_ladder.Selected.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_Below10Million_Is664579AsInTheBook(string name) =>
        Assert.Equal(664_579, s_ladder.Find(name).Run(PrimeCountSpec.Book, RunContext.Default));

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_SmallAndAwkwardN_MatchReference(string name)
    {
        Rung<PrimeCountSpec, long> rung = s_ladder.Find(name);
        long[] belows = [2, 3, 4, 5, 6, 10, 11, 100, 1000, 65_535, 131_071, 131_072, 131_073, 262_145, 1_000_003];
        var random = new Random(11);
        foreach (long below in belows.Concat(Enumerable.Range(0, 20).Select(_ => (long)random.Next(2, 300_000))))
        {
            var spec = new PrimeCountSpec(below, Chunk: 1 + (int)(below % 977));
            Assert.Equal(s_ladder.Reference.Run(spec, RunContext.Default), rung.Run(spec, RunContext.Default));
        }
    }

    [Fact]
    public void Sieve_Below1Billion_Is50847534()
    {
        var spec = new PrimeCountSpec(1_000_000_000);
        Assert.Equal(50_847_534, s_ladder.Find("sieve").Run(spec, RunContext.Default));
        Assert.Equal(50_847_534, s_ladder.Find("sieve").Run(spec, new RunContext(1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    [InlineData(5_000_000)]
    public void Threads_AnyChunkSize_GivesTheSameCount(int chunk) =>
        Assert.Equal(78_498, s_ladder.Find("threads").Run(new PrimeCountSpec(1_000_000, chunk), RunContext.Default));

    [Theory]
    [InlineData(1L, 10)]
    [InlineData(-5L, 10)]
    [InlineData(100L, 0)]
    [InlineData(1L << 41, 10)]
    public void Validate_BadSpec_Throws(long below, int chunk) =>
        Assert.Throws<SpecException>(() => s_ladder.Validate(new PrimeCountSpec(below, chunk)));

    [Fact]
    public void TrialDivision_IntegerSqrt_IsExactAtTheEdges()
    {
        foreach (ulong r in new ulong[] { 0, 1, 2, 3, 1000, 4_294_967_295 })
        {
            Assert.Equal(r, TrialDivision.IntegerSqrt(r * r));
            if (r > 0)
                Assert.Equal(r - 1, TrialDivision.IntegerSqrt(r * r - 1));
        }
        Assert.Equal(4_294_967_295UL, TrialDivision.IntegerSqrt(ulong.MaxValue));
    }
}
