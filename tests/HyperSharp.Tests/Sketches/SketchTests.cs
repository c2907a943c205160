using System.Buffers.Binary;
using System.IO.Hashing;
using HyperSharp.Sketches;

namespace HyperSharp.Tests.Sketches;

/// <summary>
/// The sketches against their theory. Statistical checks use fixed seeds; their bounds are set so that a correct
/// sketch with fresh random seeds would fail less than once in 10^6 runs (normal and χ² tails at ≥ 5.3 σ).
/// </summary>
public sealed class SketchTests
{
    /// <summary>Distinct values trial·2^32 + i: <see cref="SketchHash.Of(ulong)"/> is a bijection, so n values give n distinct hashes.</summary>
    private static ulong[] Items(int trial, int n)
    {
        var values = new ulong[n];
        for (int i = 0; i < n; i++)
            values[i] = ((ulong)(uint)trial << 32) + (ulong)i;
        return values;
    }

    private static IDistinctSketch Make(string kind, int precision) => kind switch
    {
        "hll" => new HyperLogLog(precision),
        "ull" => new UltraLogLog(precision),
        "kmv" => new KMinimumValues(1 << precision),
        _ => throw new ArgumentException(kind),
    };

    [Fact]
    public void Hash_OfValue_EqualsXxHash3OfItsBytes()
    {
        var random = new Random(11);
        Span<byte> bytes = stackalloc byte[8];
        foreach (ulong v in new ulong[] { 0, 1, ulong.MaxValue, 0x8000_0000_0000_0000 }.Concat(Enumerable.Range(0, 1000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63))))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, v);
            Assert.Equal(XxHash3.HashToUInt64(bytes), SketchHash.Of(v));
        }
    }

    [Fact]
    public void Hash_OfBytes_EqualsXxHash3_OnEveryLengthOfItsInlinePaths()
    {
        // Lengths 0..40 cover the inline 1-3, 4-8 and 9-16 byte paths and the library call on either side; each length
        // with edge bytes (all 0x00, all 0xFF) and random ones, read at offsets that are not 8-byte aligned.
        var random = new Random(29);
        byte[] buffer = new byte[48];
        for (int length = 0; length <= 40; length++)
        {
            for (int trial = 0; trial < 200; trial++)
            {
                if (trial == 0)
                    Array.Fill(buffer, (byte)0);
                else if (trial == 1)
                    Array.Fill(buffer, (byte)0xFF);
                else
                    random.NextBytes(buffer);
                ReadOnlySpan<byte> bytes = buffer.AsSpan(trial % 7, length);
                Assert.Equal(XxHash3.HashToUInt64(bytes), SketchHash.Of(bytes));
            }
        }
    }

    [Fact]
    public void Hash_OfText_IsXxHash3OfUtf8()
    {
        foreach (string s in new[] { "", "a", "Größe", new string('x', 2000) })
            Assert.Equal(XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(s)), SketchHash.Of(s.AsSpan()));
    }

    [Theory]
    [InlineData("hll", 10, 100_000)]
    [InlineData("ull", 10, 100_000)]
    [InlineData("kmv", 10, 100_000)]
    [InlineData("hll", 12, 3_000)]
    [InlineData("ull", 12, 3_000)]
    [InlineData("hll", 8, 1_000_000)]
    [InlineData("ull", 8, 1_000_000)]
    [InlineData("ull", 10, 700)]
    public void Estimate_OverSeeds_HasTheTheoreticalError(string kind, int precision, int n)
    {
        // 100 independent sketches: the mean squared relative error is RSE²·χ²₁₀₀/100, below 1.92 RSE² but for
        // 1e-7 (Wilson–Hilferty at z = 5.2); the bound 1.45² leaves room for the finite-m excess over the asymptote.
        const int Trials = 100;
        double rse = Make(kind, precision).RelativeStandardError;
        double sum = 0, sumSquares = 0;
        for (int t = 0; t < Trials; t++)
        {
            IDistinctSketch sketch = Make(kind, precision);
            sketch.AddValues(Items(t + 1, n));
            double error = sketch.Estimate() / n - 1;
            sum += error;
            sumSquares += error * error;
        }
        double rmse = Math.Sqrt(sumSquares / Trials), bias = sum / Trials;
        Assert.True(rmse <= 1.45 * rse, $"{kind} p={precision} n={n}: RMSE {rmse:P3} above 1.45 × theory {rse:P3}");
        Assert.True(Math.Abs(bias) <= 5.3 * 1.45 * rse / Math.Sqrt(Trials), $"{kind} p={precision} n={n}: bias {bias:P3}");
    }

    [Fact]
    public void UltraLogLog_BeatsHyperLogLog_AtEqualRegisters()
    {
        // The reason for the sketch: measured, not assumed. 200 seeds each at 2^10 registers and n = 50 000.
        double hll = 0, ull = 0;
        for (int t = 0; t < 200; t++)
        {
            ulong[] items = Items(t + 1000, 50_000);
            var h = new HyperLogLog(10);
            var u = new UltraLogLog(10);
            h.AddValues(items);
            u.AddValues(items);
            hll += Math.Pow(h.Estimate() / items.Length - 1, 2);
            ull += Math.Pow(u.Estimate() / items.Length - 1, 2);
        }
        // Theory: 0.796/1.039 = 0.77; the χ² spread of two 200-trial means keeps the ratio below 0.9 but for < 1e-6.
        Assert.True(Math.Sqrt(ull / hll) < 0.9, $"ULL RMSE / HLL RMSE = {Math.Sqrt(ull / hll):F3}");
    }

    [Theory]
    [InlineData("hll", 0)]
    [InlineData("hll", 1)]
    [InlineData("hll", 5)]
    [InlineData("hll", 50)]
    [InlineData("ull", 0)]
    [InlineData("ull", 1)]
    [InlineData("kmv", 0)]
    [InlineData("kmv", 5)]
    public void Estimate_AtTinyCounts_IsNearExact(string kind, int n)
    {
        IDistinctSketch sketch = Make(kind, 12);
        sketch.AddValues(Items(3, n));
        sketch.AddValues(Items(3, n)); // repeats change nothing
        double tolerance = kind == "ull" ? 0.02 * n + 0.01 : 1e-6 * n + 1e-9;
        Assert.InRange(sketch.Estimate(), n - tolerance, n + tolerance);
    }

    [Theory]
    [InlineData(10, 1_000, 1_500)]
    [InlineData(10, 600, 200)]
    [InlineData(10, 20_000, 30_000)]
    [InlineData(12, 0, 9)]
    public void HyperLogLog_Merge_EqualsSketchOfUnion(int precision, int a, int b)
    {
        // Overlapping halves: items 0..a and a/2..a/2+b.
        ulong[] first = Items(7, a), second = Items(7, a / 2 + b)[(a / 2)..];
        var x = new HyperLogLog(precision);
        var y = new HyperLogLog(precision);
        var union = new HyperLogLog(precision);
        x.AddValues(first);
        y.AddValues(second);
        union.AddValues(first);
        union.AddValues(second);
        x.Merge(y);
        Assert.Equal(union.ToBytes(), x.ToBytes());
        Assert.Equal(union.Estimate(), x.Estimate());
        // Merging a dense into a sparse sketch too.
        var sparse = new HyperLogLog(precision);
        sparse.AddValues(second.AsSpan(0, Math.Min(5, second.Length)));
        var dense = new HyperLogLog(precision, sparse: false);
        dense.AddValues(first);
        var expected = new HyperLogLog(precision, sparse: false);
        expected.AddValues(first);
        expected.AddValues(second.AsSpan(0, Math.Min(5, second.Length)));
        sparse.Merge(dense);
        Assert.Equal(expected.Estimate(), sparse.Estimate());
    }

    [Fact]
    public void HyperLogLog_SparseAndDense_AgreeOnceDense()
    {
        ulong[] items = Items(9, 100_000);
        var sparse = new HyperLogLog(12);
        var dense = new HyperLogLog(12, sparse: false);
        foreach (ulong v in items)
            sparse.Add(v);
        dense.AddValues(items);
        Assert.False(sparse.IsSparse);
        Assert.Equal(dense.ToBytes(), sparse.ToBytes());
    }

    [Theory]
    [InlineData(1_000, 3_000)]
    [InlineData(0, 5)]
    [InlineData(100_000, 100_000)]
    public void UltraLogLog_Merge_EqualsSketchOfUnion(int a, int b)
    {
        ulong[] first = Items(5, a), second = Items(6, b);
        var x = new UltraLogLog(11);
        var y = new UltraLogLog(11);
        var union = new UltraLogLog(11);
        x.AddValues(first);
        y.AddValues(second);
        union.AddValues(second);
        union.AddValues(first);
        x.Merge(y);
        Assert.Equal(union.ToBytes(), x.ToBytes());
    }

    [Fact]
    public void Kmv_Merge_EqualsSketchOfUnion()
    {
        ulong[] first = Items(5, 20_000), second = Items(5, 30_000)[10_000..];
        var x = new KMinimumValues(512);
        var y = new KMinimumValues(512);
        var union = new KMinimumValues(512);
        x.AddValues(first);
        y.AddValues(second);
        union.AddValues(first);
        union.AddValues(second);
        x.Merge(y);
        Assert.Equal(union.Hashes.ToArray().Order(), x.Hashes.ToArray().Order());
        Assert.Equal(union.Estimate(), x.Estimate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(700)]
    [InlineData(5_000)]
    [InlineData(300_000)]
    public void Serialized_RoundTrips(int n)
    {
        ulong[] items = Items(4, n);
        var hll = new HyperLogLog(12);
        var ull = new UltraLogLog(12);
        hll.AddValues(items);
        ull.AddValues(items);
        HyperLogLog hll2 = HyperLogLog.FromBytes(hll.ToBytes());
        UltraLogLog ull2 = UltraLogLog.FromBytes(ull.ToBytes());
        Assert.Equal(hll.ToBytes(), hll2.ToBytes());
        Assert.Equal(hll.Estimate(), hll2.Estimate());
        Assert.Equal(ull.ToBytes(), ull2.ToBytes());
        Assert.Equal(ull.Estimate(), ull2.Estimate());
        // A reloaded sketch keeps counting as the original does.
        ulong[] more = Items(8, 1000);
        hll.AddValues(more);
        hll2.AddValues(more);
        Assert.Equal(hll.ToBytes(), hll2.ToBytes());
    }

    [Fact]
    public void Serialized_HyperLogLog_HasTheDocumentedLayout()
    {
        var hll = new HyperLogLog(4, sparse: false);
        hll.AddHash(0x1000_0000_0000_0000); // register 1; the 60 bits after the index are zero: rank 61
        byte[] bytes = hll.ToBytes();
        Assert.Equal("HSKH"u8.ToArray(), bytes[..4]);
        Assert.Equal([1, 4, 0, 0], bytes[4..8]);
        Assert.Equal(8 + 12 + 8, bytes.Length); // 16 registers × 6 bits = 12 bytes
        Assert.Equal(61, (bytes[8] >> 6) | ((bytes[9] & 15) << 2)); // register 1 = bits 6..11
        Assert.Equal(XxHash3.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)));
    }

    public static TheoryData<string> Corruptions() => ["truncated", "empty", "magic", "version", "bitflip", "checksum", "register", "precision"];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Serialized_CorruptInput_IsRejected(string corruption)
    {
        var hll = new HyperLogLog(10, sparse: false);
        hll.AddValues(Items(1, 5000));
        var sparse = new HyperLogLog(10);
        sparse.AddValues(Items(1, 50));
        var ull = new UltraLogLog(10);
        ull.AddValues(Items(1, 5000));
        foreach ((byte[] good, Action<byte[]> read) in new (byte[], Action<byte[]>)[]
                 { (hll.ToBytes(), b => HyperLogLog.FromBytes(b)), (sparse.ToBytes(), b => HyperLogLog.FromBytes(b)), (ull.ToBytes(), b => UltraLogLog.FromBytes(b)) })
        {
            byte[] bad = Corrupt(good, corruption);
            Assert.Throws<InvalidDataException>(() => read(bad));
        }
    }

    private static byte[] Corrupt(byte[] good, string corruption)
    {
        byte[] bad = (byte[])good.Clone();
        switch (corruption)
        {
            case "truncated": return bad[..^9];
            case "empty": return [];
            case "magic": bad[0] ^= 1; break;
            case "version": bad[4] = 2; break;
            case "bitflip": bad[bad.Length / 2] ^= 0x10; break;
            case "checksum": bad[^1] ^= 0x80; break;
            case "register":
                // A valid checksum over an impossible register: only the content checks can catch it.
                bad[8] = 0xFF;
                bad[9] = 0xFF;
                bad[12] = 0xFF;
                Reseal(bad);
                break;
            case "precision": bad[5] = 30; Reseal(bad); break;
        }
        return bad;
    }

    private static void Reseal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), XxHash3.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));

    [Theory]
    [InlineData(100_000, 0.01)]
    [InlineData(20_000, 0.001)]
    [InlineData(50_000, 0.05)]
    public void Bloom_MeasuredFalsePositiveRate_IsWithinTenPercentOfTarget(int n, double target)
    {
        var bloom = new BloomFilter(n, target);
        ulong[] added = Items(1, n);
        foreach (ulong v in added)
            bloom.AddHash(SketchHash.Of(v));
        Assert.All(added, v => Assert.True(bloom.MayContainHash(SketchHash.Of(v))));
        // Q queries of items never added: the measured rate's relative sd is 1/√(Q·ε); Q = 4000/ε puts the 10 %
        // tolerance (less the sizing's rounding of k, < 1 %) at > 5.7 sd.
        int queries = (int)(4000 / target);
        ulong[] absent = Items(2, queries);
        int positives = absent.Count(v => bloom.MayContainHash(SketchHash.Of(v)));
        double measured = positives / (double)queries;
        Assert.InRange(measured, 0.9 * target, 1.1 * target);
        Assert.InRange(bloom.ExpectedFalsePositiveRate(n), 0.95 * target, 1.05 * target);
    }

    [Fact]
    public void Bloom_Merge_EqualsFilterOfUnion()
    {
        var a = new BloomFilter(1000, 0.01);
        var b = new BloomFilter(1000, 0.01);
        var union = new BloomFilter(1000, 0.01);
        foreach (ulong v in Items(1, 400)) { a.AddHash(v); union.AddHash(v); }
        foreach (ulong v in Items(2, 400)) { b.AddHash(v); union.AddHash(v); }
        a.Merge(b);
        Assert.Equal(union.FillRatio, a.FillRatio);
        Assert.All(Items(3, 2000), v => Assert.Equal(union.MayContainHash(v), a.MayContainHash(v)));
    }

    [Fact]
    public void Bloom_BadSizes_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(0, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloomFilter(10, double.NaN));
    }

    [Fact]
    public void Morris_IsUnbiased_WithItsVariance()
    {
        // 10 000 counters to n = 1000: the mean's sd is √(n(n−1)/2 / 10 000) ≈ 7.07; 5.3 sd (p ≈ 1e-7) is ±37.5.
        const int Counters = 10_000, N = 1000;
        var random = new Random(1978);
        double sum = 0, sumSquares = 0;
        for (int c = 0; c < Counters; c++)
        {
            var counter = new MorrisCounter();
            for (int i = 0; i < N; i++)
                counter.Increment(random);
            sum += counter.Estimate;
            sumSquares += (counter.Estimate - N) * (counter.Estimate - N);
        }
        double sd = MorrisCounter.StandardDeviation(N);
        Assert.InRange(sum / Counters, N - 5.3 * sd / Math.Sqrt(Counters), N + 5.3 * sd / Math.Sqrt(Counters));
        // The variance itself: its estimate over 10 000 heavy-tailed counters is loose; within ±25 % holds far past 1e-6.
        Assert.InRange(Math.Sqrt(sumSquares / Counters) / sd, 0.75, 1.25);
        Assert.Equal(1, System.Runtime.CompilerServices.Unsafe.SizeOf<MorrisCounter>());
    }

    [Fact]
    public void Sketches_RejectBadParameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperLogLog(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperLogLog(19));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UltraLogLog(25));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMinimumValues(2));
        Assert.Throws<ArgumentException>(() => new HyperLogLog(10).Merge(new HyperLogLog(11)));
        Assert.Throws<ArgumentException>(() => new UltraLogLog(10).Merge(new UltraLogLog(11)));
    }

    [Theory]
    [InlineData("hll")]
    [InlineData("ull")]
    [InlineData("kmv")]
    [InlineData("exact")]
    public void AnySketch_MergedThroughTheInterface_EqualsTheSketchOfTheUnion(string kind)
    {
        // Two overlapping streams (0..60k and 40k..100k) merged through IDistinctSketch, against one sketch of both.
        IDistinctSketch New() => kind == "exact" ? new ExactDistinct() : Make(kind, 12);
        IDistinctSketch x = New(), y = New(), union = New();
        for (ulong v = 0; v < 60_000; v++)
            x.AddHash(SketchHash.Of(v));
        for (ulong v = 40_000; v < 100_000; v++)
            y.AddHash(SketchHash.Of(v));
        for (ulong v = 0; v < 100_000; v++)
            union.AddHash(SketchHash.Of(v));
        double yBefore = y.Estimate();
        x.Merge(y);
        Assert.Equal(union.Estimate(), x.Estimate());
        Assert.Equal(yBefore, y.Estimate());
        if (kind == "exact")
            Assert.Equal(100_000, x.Estimate());
    }

    [Fact]
    public void AnySketch_MergedWithAnotherKindOrSize_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ((IDistinctSketch)new HyperLogLog(10)).Merge(new UltraLogLog(10)));
        Assert.Throws<ArgumentException>(() => ((IDistinctSketch)new ExactDistinct()).Merge(new KMinimumValues(64)));
        Assert.Throws<ArgumentException>(() => ((IDistinctSketch)new UltraLogLog(10)).Merge(new UltraLogLog(12)));
    }
}
