using HyperSharp.Primes;

namespace HyperSharp.Tests.Primes;

/// <summary>
/// The wheel sieve against primality tested one number at a time (trial division below 2³², Miller–Rabin above), on
/// ranges whose ends fall on every kind of boundary: the wheel's (30k ± 1), the bytes 0–2 the pre-sieve pattern gets
/// wrong, segment edges (with segments as small as 1 KiB, so medium and bucketed primes appear at small N), around 10¹²
/// (primes up to 10⁶ in buckets), near the supported limit, and random ranges with fixed seeds.
/// </summary>
public sealed class WheelSieveTests
{
    private static long Expected(ulong from, ulong to)
    {
        long n = 0;
        for (ulong x = from; x < to; x++)
        {
            if (MillerRabin.IsPrime(x))
                n++;
        }
        return n;
    }

    public static TheoryData<ulong, ulong> SmallRanges()
    {
        var data = new TheoryData<ulong, ulong>();
        ulong[] ends = [0, 1, 2, 3, 4, 5, 6, 7, 8, 29, 30, 31, 59, 60, 61, 89, 90, 91, 5329, 5330, 30 * 1024 - 1, 30 * 1024, 30 * 1024 + 1];
        foreach (ulong a in ends)
        {
            foreach (ulong b in ends)
            {
                if (a <= b)
                    data.Add(a, b);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallRanges))]
    public void Count_SmallRanges_EqualsOneByOne(ulong from, ulong to)
    {
        Assert.Equal(Expected(from, to), WheelSieve.Count(from, to, 1));
        Assert.Equal(Expected(from, to), WheelSieve.Count(from, to, 2, segmentBytes: 1024));
    }

    [Fact]
    public void Count_EveryBoundBelow3000_EqualsTheReference()
    {
        long expected = 0;
        for (ulong n = 2; n < 3000; n++)
        {
            Assert.Equal(expected, WheelSieve.Count(0, n, 1));
            if (TrialDivision.IsPrime(n))
                expected++;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Count_RandomRanges_EqualOneByOne(int threads)
    {
        var random = new Random(18 + threads);
        for (int i = 0; i < 40; i++)
        {
            ulong from = (ulong)random.NextInt64(0, 3_000_000);
            ulong to = from + (ulong)random.NextInt64(0, 400_000);
            int segment = 1024 << random.Next(0, 6);
            Assert.True(Expected(from, to) == WheelSieve.Count(from, to, threads, segment), $"[{from}, {to}) with {segment}-byte segments");
        }
    }

    /// <summary>π at bounds where every tier of primes takes part, with 1 KiB segments: buckets from 15,361 on.</summary>
    [Theory]
    [InlineData(10_000_000UL, 664_579L)]
    [InlineData(100_000_000UL, 5_761_455L)]
    public void Count_KnownPi_WithTinySegments(ulong below, long pi)
    {
        Assert.Equal(pi, WheelSieve.Count(0, below, 2, segmentBytes: 1024));
        Assert.Equal(pi, WheelSieve.Count(0, below, 1));
    }

    /// <summary>
    /// Segments of several L1 blocks (the small primes are crossed block by block, the others over the segment):
    /// bounds on block and segment edges ± 1 (30 numbers a byte), a short last block, and a range starting inside a
    /// block, against the plain segmented sieve.
    /// </summary>
    [Theory]
    [InlineData(65_536)]
    [InlineData(131_072)]
    public void Count_BlockAndSegmentEdges_EqualThePlainSieve(int segmentBytes)
    {
        const long Block = 32 * 1024 * 30;
        long[] ends = [Block - 1, Block, Block + 1, 2 * Block + 7, 30L * segmentBytes - 1, 30L * segmentBytes + 1, 3L * 30 * segmentBytes + Block / 2];
        foreach (long end in ends)
        {
            Assert.True(SegmentedSieve.Count(end, 1) == WheelSieve.Count(0, (ulong)end, 1, segmentBytes), $"below {end}");
            long from = Block / 3;
            long expected = SegmentedSieve.Count(end, 1) - SegmentedSieve.Count(from, 1);
            Assert.True(expected == WheelSieve.Count((ulong)from, (ulong)end, 2, segmentBytes), $"[{from}, {end})");
        }
    }

    /// <summary>Around the pre-sieved primes' end (163) and the first sieving prime (167, crossing from 167² = 27,889 on).</summary>
    [Fact]
    public void Count_AroundThePreSieveBound_EqualsOneByOne()
    {
        foreach ((ulong from, ulong to) in new (ulong, ulong)[] { (150, 215), (162, 164), (163, 168), (179, 181), (27_800, 28_000), (27_889, 27_890) })
            Assert.Equal(Expected(from, to), WheelSieve.Count(from, to, 1));
    }

    [Fact]
    public void Count_Below1Billion_Is50847534()
    {
        Assert.Equal(50_847_534, WheelSieve.Count(0, 1_000_000_000, 1));
        Assert.Equal(50_847_534, WheelSieve.Count(0, 1_000_000_000, Environment.ProcessorCount));
    }

    /// <summary>Near 10¹² (and 30k ± 1 around it), near 2⁴⁰ and near the supported limit 2⁵⁰: ranges short enough to check one by one.</summary>
    [Theory]
    [InlineData(1_000_000_000_000UL - 200_000, 1_000_000_000_000UL + 200_000)]
    [InlineData(999_999_999_989UL, 1_000_000_000_039UL)]
    [InlineData((1UL << 40) - 100_000, 1UL << 40)]
    [InlineData(WheelSieve.MaxLimit - 50_000, WheelSieve.MaxLimit)]
    public void Count_LargeRanges_EqualOneByOne(ulong from, ulong to)
    {
        Assert.Equal(Expected(from, to), WheelSieve.Count(from, to, 2));
        Assert.Equal(Expected(from, to), WheelSieve.Count(from, to, 1, segmentBytes: 4096));
    }

    [Fact]
    public void Count_BeyondTheLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WheelSieve.Count(0, WheelSieve.MaxLimit + 1, 1));

    [Fact]
    public void Segments_ListEveryPrimeInOrder()
    {
        var primes = new List<ulong>();
        var sink = new Collect(primes);
        WheelSieve.Segments(0, 100_000, (baseNumber, bits) =>
        {
            WheelSieve.Decode(baseNumber, bits, ref sink);
            return true;
        }, segmentBytes: 1024);
        ulong[] expected = Enumerable.Range(0, 100_000).Select(n => (ulong)n).Where(n => TrialDivision.IsPrime(n) && n > 5).ToArray();
        Assert.Equal(expected, primes);
    }

    private readonly struct Collect(List<ulong> into) : WheelSieve.IPrimeSink
    {
        public void Add(ulong prime) => into.Add(prime);
    }

    /// <summary>The constant masks and offsets of each residue class's unrolled loop are the wheel's tables.</summary>
    [Fact]
    public void ResidueConstants_MatchTheTables()
    {
        Check<WheelSieve.R1>(0); Check<WheelSieve.R7>(1); Check<WheelSieve.R11>(2); Check<WheelSieve.R13>(3);
        Check<WheelSieve.R17>(4); Check<WheelSieve.R19>(5); Check<WheelSieve.R23>(6); Check<WheelSieve.R29>(7);

        static void Check<R>(int index) where R : struct, WheelSieve.IResidue
        {
            ReadOnlySpan<byte> residues = WheelSieve.Residues;
            int b = residues[index];
            Assert.Equal(b, R.B);
            int[] f = [0, R.F1, R.F2, R.F3, R.F4, R.F5, R.F6, R.F7];
            byte[] m = [R.M0, R.M1, R.M2, R.M3, R.M4, R.M5, R.M6, R.M7];
            for (int j = 0; j < 8; j++)
            {
                Assert.Equal(b * residues[j] / 30, f[j]);
                Assert.Equal(WheelSieve.Tables.Mask[index * 8 + j], m[j]);
            }
        }
    }
}
