using HyperSharp.Harness;
using HyperSharp.Harness.Tables;

namespace HyperSharp.Tests.Tables;

/// <summary>Collision counting: the counting comparer, the bucket model, and what each key type's hash does.</summary>
public sealed class HashQualityTests
{
    private static (int X, int Y)[] Points(int n) => HashQuality.Points(n);

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(500)]
    public void ConstantHash_EveryLookupWalksTheChain(int n)
    {
        (BucketAnalysis buckets, double counted) = HashQuality.Count(Points(n).Select(p => new ConstantKey(p.X, p.Y)).ToArray());
        // Key j (inserted j-th) is found after the N − j keys inserted at or after it: (N + 1) / 2 Equals on average.
        Assert.Equal((n + 1) / 2.0, counted, 1e-12);
        Assert.Equal(1, buckets.DistinctHashes);
        Assert.Equal(n - 1, buckets.SharedBuckets);
        Assert.Equal((n + 1) / 2.0, buckets.ProbesPerLookup, 1e-12);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(2500)]
    public void BucketModel_PredictsTheEqualsCallsCounted_ForEveryKeyType(int n)
    {
        (int X, int Y)[] points = Points(n);
        AssertModel(HashQuality.Count(points.Select(p => new ConstantKey(p.X, p.Y)).ToArray()));
        AssertModel(HashQuality.Count(points.Select(p => new XorKey(p.X, p.Y)).ToArray()));
        AssertModel(HashQuality.Count(points.Select(p => new CombinedKey(p.X, p.Y)).ToArray()));

        static void AssertModel((BucketAnalysis Buckets, double Counted) r)
        {
            Assert.Equal(r.Buckets.EqualsPerLookup, r.Counted, 1e-12);
            Assert.True(r.Buckets.ProbesPerLookup >= r.Buckets.EqualsPerLookup);
        }
    }

    [Fact]
    public void XorHash_OnASquareGrid_HasOnlyAsManyValuesAsASide()
    {
        // 32 × 32 points: X ^ Y takes the 32 values 0..31.
        (BucketAnalysis buckets, double counted) = HashQuality.Count(Points(1024).Select(p => new XorKey(p.X, p.Y)).ToArray());
        Assert.Equal(32, buckets.DistinctHashes);
        Assert.True(counted > 10, $"{counted} Equals per lookup");
    }

    [Fact]
    public void CombinedHash_HasNoCollisionsWorthCounting()
    {
        (BucketAnalysis buckets, double counted) = HashQuality.Count(Points(2000).Select(p => new CombinedKey(p.X, p.Y)).ToArray());
        Assert.True(buckets.DistinctHashes >= 1998, $"{buckets.DistinctHashes} distinct hashes of 2000");
        Assert.True(counted < 1.01, $"{counted} Equals per lookup");
    }

    [Fact]
    public void CountingComparer_CountsEachEqualsCall()
    {
        var comparer = new CountingComparer<int>();
        Assert.True(comparer.Equals(3, 3));
        Assert.False(comparer.Equals(3, 4));
        Assert.Equal(2, comparer.EqualsCalls);
        Assert.Equal(EqualityComparer<int>.Default.GetHashCode(7), comparer.GetHashCode(7));
    }

    [Fact]
    public void BucketAnalysis_OfHandMadeHashes()
    {
        // Buckets of 5: hashes 0, 5, 10 share bucket 0 (3 keys), 1 and 6 bucket 1; 5 and 5 equal hashes.
        BucketAnalysis a = BucketAnalysis.Of([0, 5, 10, 1, 6, 5], 5);
        Assert.Equal(5, a.DistinctHashes);
        Assert.Equal(4, a.SharedBuckets); // 6 keys in 2 buckets
        // Bucket 0 chain (insertion order 0, 5, 10, 5): probes 4 + 3 + 2 + 1; bucket 1 (1, 6): 2 + 1.
        Assert.Equal((10 + 3) / 6.0, a.ProbesPerLookup, 1e-12);
        // Equals: key 0 → 1, first 5 → 2 (itself and the later 5), 10 → 1, last 5 → 1; 1 → 1, 6 → 1.
        Assert.Equal(7 / 6.0, a.EqualsPerLookup, 1e-12);
    }

    [Fact]
    public void Measure_LooksEveryKeyUp_AndFindsEach()
    {
        IReadOnlyList<HashRow> rows = HashQuality.Measure(300, MeasureOptions.Quick);
        Assert.Equal(HashQuality.Keys.Select(k => k.Key), rows.Select(r => r.Key));
        long expected = Enumerable.Range(0, 300).Sum(i => (long)i); // every key found, with its insertion index
        Assert.All(rows, r => Assert.Equal(expected, r.Lookup.Result));
    }
}
