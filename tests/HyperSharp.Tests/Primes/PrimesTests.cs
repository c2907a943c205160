using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Primes;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Primes;

/// <summary>
/// Every prime-counting rung (HYPERSHARP_RUNG narrows it) against the book's count and the reference. What every
/// ladder must do is in <see cref="LadderConformance{TSpec,TProblem,TResult}"/>.
/// The distributed rung starts Orleans silos in this process: the class runs in the Orleans collection.
/// </summary>
[Collection(HyperSharp.Tests.Cluster.OrleansCollection.Name)]
public sealed class PrimesTests : LadderConformance<PrimeCountSpec, PrimeCountSpec, long>
{
    private static readonly PrimesLadder s_ladder = Catalog.Primes;

    public static TheoryData<string> Rungs() => new(s_ladder.Selected.Select(r => r.Name));

    protected override PrimesLadder Ladder => s_ladder;

    protected override IEnumerable<ConformanceCase<PrimeCountSpec>> GoldenCases() => [FromSpec(PrimeCountSpec.Book)];

    /// <summary>Around powers of two and the sieve's segments (65,535…262,145), primes as bounds, and random N, each with a chunk from 1 to 977.</summary>
    protected override IEnumerable<ConformanceCase<PrimeCountSpec>> RandomCases(Rung<PrimeCountSpec, long> rung)
    {
        long[] belows = [2, 3, 4, 5, 6, 10, 11, 100, 1000, 65_535, 131_071, 131_072, 131_073, 262_145, 1_000_003];
        var random = new Random(11);
        // A cluster costs a silo start per run: fewer bounds, on one silo and on three.
        if (rung.Uses.HasFlag(RungResources.Nodes))
        {
            return new long[] { 2, 3, 11, 4097, 131_073, 1_000_003, random.Next(2, 300_000) }.Select((below, i) =>
                FromSpec(new PrimeCountSpec(below, Chunk: 1 + (int)(below % 977)), new RunContext(2) { Nodes = 1 + 2 * (i % 2) })).ToArray();
        }
        return belows.Concat(Enumerable.Range(0, 20).Select(_ => (long)random.Next(2, 300_000)))
            .Select(below => FromSpec(new PrimeCountSpec(below, Chunk: 1 + (int)(below % 977))))
            .ToArray();
    }

    protected override ConformanceCase<PrimeCountSpec> SmallCase => FromSpec(new PrimeCountSpec(100_003, Chunk: 977));

    /// <summary>A positional record: its text is all its data.</summary>
    protected override string Snapshot(PrimeCountSpec problem) => problem.ToString();

    protected override IEnumerable<PrimeCountSpec> BadSpecs() => [new(1, 10), new(-5, 10), new(100, 0), new(1L << 41, 10)];

    protected override IEnumerable<PrimeCountSpec> ValidSpecs() => [PrimeCountSpec.Book, new(2, 1), new(PrimesLadder.MaxBelow, int.MaxValue)];

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_Below10Million_Is664579AsInTheBook(string name) =>
        Assert.Equal(664_579, s_ladder.Find(name).Run(PrimeCountSpec.Book, RunContext.Default));

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
