using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Primes;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Primes;

/// <summary>
/// Every primality rung (HYPERSHARP_RUNG narrows it) against the book's verdicts and the reference. What every ladder
/// must do is in <see cref="LadderConformance{TSpec,TProblem,TResult}"/>.
/// The distributed rung starts Orleans silos in this process: the class runs in the Orleans collection.
/// </summary>
[Collection(HyperSharp.Tests.Cluster.OrleansCollection.Name)]
public sealed class PrimeCheckTests : LadderConformance<PrimeCheckSpec, PrimeCheckSpec, PrimeVerdict[]>
{
    private static readonly PrimeCheckLadder s_ladder = Catalog.PrimeCheck;

    public static TheoryData<string> Rungs() => new(s_ladder.Selected.Where(r => r.Availability.IsAvailable).Select(r => r.Name));

    protected override PrimeCheckLadder Ladder => s_ladder;

    protected override IEnumerable<ConformanceCase<PrimeCheckSpec>> GoldenCases() => [FromSpec(PrimeCheckSpec.Book)];

    /// <summary>Edge cases (0, 1, squares of primes, Carmichael numbers, 2^32 ± small), then random numbers, large and small.</summary>
    protected override IEnumerable<ConformanceCase<PrimeCheckSpec>> RandomCases(Rung<PrimeCheckSpec, PrimeVerdict[]> rung)
    {
        var random = new Random(5);
        ulong[] numbers =
        [
            0, 1, 2, 3, 4, 5, 9, 15, 25, 49, 121, 561, 1105, 2047, 4_294_967_291, 4_294_967_295, 4_294_967_297,
            .. Enumerable.Range(0, 200).Select(_ => (ulong)random.NextInt64(2, 1_000_000_000_000)),
            .. Enumerable.Range(0, 50).Select(_ => (ulong)random.NextInt64(2, 10_000)),
        ];
        if (rung.Kind == RungKind.Processes)
            numbers = numbers[..24]; // child processes (or a cluster job) per odd number: keep the test short
        if (rung.Uses.HasFlag(RungResources.Nodes))
        {
            // A silo start per run: the numbers on one silo and on three, with the book's composite (its factor in the
            // second partition, so the flag must stop the others) and a product of two primes near 10⁶.
            ulong[] cluster = [.. numbers, 1_099_726_899_285_419, 1_000_003UL * 1_000_033];
            return new[] { 1, 3 }.Select(nodes => ConformanceCase<PrimeCheckSpec>.Of($"{nodes} silos", () => new PrimeCheckSpec(cluster, PrimeCheckSpec.DefaultCheckEvery),
                new RunContext(2) { Nodes = nodes }));
        }
        // Redis: a network round trip per look at the flag, so not every divisor.
        int[] checkEvery = rung.Name == "processes-redis" ? [97, PrimeCheckSpec.DefaultCheckEvery]
            : rung.Kind == RungKind.Processes ? [1, PrimeCheckSpec.DefaultCheckEvery] : [1, 3, PrimeCheckSpec.DefaultCheckEvery];
        return checkEvery.Select(every => ConformanceCase<PrimeCheckSpec>.Of($"check every {every}", () => new PrimeCheckSpec(numbers, every)));
    }

    protected override ConformanceCase<PrimeCheckSpec> SmallCase { get; } = ConformanceCase<PrimeCheckSpec>.Of("five numbers",
        // 1031 divisors a look: the Redis rung pays a round trip per look (the random cases check every 1 and 3).
        () => new PrimeCheckSpec([2, 15, 4_294_967_291, 1_099_726_899_285_419, 112_272_535_095_293], CheckEvery: 1031));

    /// <summary>The numbers are a list a rung could cast back to an array and write to.</summary>
    protected override string Snapshot(PrimeCheckSpec problem) => $"{string.Join(',', problem.Numbers)} {problem.CheckEvery}";

    protected override IEnumerable<PrimeCheckSpec> BadSpecs() =>
        [new([]), new([7], 0), new([7], -1), new(new ulong[PrimeCheckLadder.MaxNumbers + 1])];

    protected override IEnumerable<PrimeCheckSpec> ValidSpecs() => [PrimeCheckSpec.Book, new([0], 1), new([ulong.MaxValue, 0, 1], int.MaxValue)];

    /// <summary>A record compares its list of numbers by reference.</summary>
    protected override bool SameSpec(PrimeCheckSpec a, PrimeCheckSpec b) => a.Numbers.SequenceEqual(b.Numbers) && a.CheckEvery == b.CheckEvery;

    /// <summary>
    /// The book's numbers. 1099726899285419 is listed among the book's primes but is 3306091 × 332636609; every rung
    /// must say so, with a proper factor.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_BookNumbers_GiveTheTrueVerdicts(string name)
    {
        PrimeVerdict[] v = s_ladder.Find(name).Run(PrimeCheckSpec.Book, RunContext.Default);
        Assert.True(v[0].IsPrime);
        Assert.True(v[1].IsPrime);
        Assert.True(v[2].IsComposite);
        Assert.Contains(v[2].Factor, new ulong[] { 3306091, 332636609 });
        Assert.True(v[3].IsComposite);
        Assert.Equal(0UL, 112272535095295 % v[3].Factor);
        Assert.Equal(1099726899285419UL, 3306091UL * 332636609UL);
    }

    [Fact]
    public void MillerRabin_AgreesWithTrialDivisionBelow200000AndOnPseudoprimes()
    {
        for (ulong n = 0; n < 200_000; n++)
            Assert.Equal(TrialDivision.IsPrime(n), MillerRabin.IsPrime(n));
        // Strong pseudoprimes to base 2, to bases 2–7, and to every prime base up to 23; the largest 64-bit prime.
        foreach (ulong pseudoprime in new ulong[] { 2_047, 3_215_031_751, 3_825_123_056_546_413_051 })
            Assert.False(MillerRabin.IsPrime(pseudoprime), $"{pseudoprime}");
        Assert.True(MillerRabin.IsPrime(18_446_744_073_709_551_557));
        ulong square = 4_294_967_291UL * 4_294_967_291UL;
        Assert.False(MillerRabin.IsPrime(square));
        Assert.Equal(4_294_967_291UL, MillerRabin.Factor(square));
    }

    [Fact]
    public void Verify_RejectsAWrongVerdictOrABadFactor()
    {
        PrimeVerdict[] good = [PrimeVerdict.Prime(7), PrimeVerdict.Composite(15, 3)];
        Assert.True(s_ladder.Verify(good, [PrimeVerdict.Prime(7), PrimeVerdict.Composite(15, 5)], 0).Passed);
        Assert.False(s_ladder.Verify(good, [PrimeVerdict.Composite(7, 7), PrimeVerdict.Composite(15, 3)], 0).Passed);
        Assert.False(s_ladder.Verify(good, [PrimeVerdict.Prime(7), PrimeVerdict.Composite(15, 4)], 0).Passed);
        Assert.False(s_ladder.Verify(good, [PrimeVerdict.Prime(7), PrimeVerdict.Composite(15, 15)], 0).Passed);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("18446744073709551616")]
    [InlineData("1.5")]
    [InlineData("")]
    public void Parse_BadNumber_ThrowsOneLineSpecException(string text)
    {
        var ex = Assert.Throws<SpecException>(() => PrimeCheckSpec.Parse(text));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_AcceptsTheWholeRange()
    {
        Assert.Equal(0UL, PrimeCheckSpec.Parse("0"));
        Assert.Equal(ulong.MaxValue, PrimeCheckSpec.Parse("18446744073709551615"));
        Assert.Equal(1_000UL, PrimeCheckSpec.Parse("1_000"));
    }
}
