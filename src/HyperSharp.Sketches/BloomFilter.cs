using System.Numerics;
using System.Runtime.CompilerServices;

namespace HyperSharp.Sketches;

/// <summary>
/// A Bloom filter (Bloom 1970) over 64-bit hashes, sized from the expected item count n and a target false-positive
/// rate ε: m = ⌈−n ln ε / (ln 2)²⌉ bits and k = round(m/n · ln 2) probes, derived from one hash by double hashing
/// (Kirsch and Mitzenmacher 2006). No false negatives; after n items the false-positive rate is (1 − e^(−kn/m))^k ≈ ε.
/// </summary>
public sealed class BloomFilter
{
    private readonly ulong[] _bits;
    private readonly long _m;
    private readonly int _k;

    /// <summary>A filter for <paramref name="capacity"/> items at false-positive rate <paramref name="falsePositiveRate"/>.</summary>
    /// <param name="capacity">The number of distinct items it is sized for (≥ 1).</param>
    /// <param name="falsePositiveRate">The target rate, in (0, 1).</param>
    public BloomFilter(long capacity, double falsePositiveRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (!(falsePositiveRate is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "the false-positive rate must be in (0, 1)");
        double ln2 = Math.Log(2);
        double bits = Math.Ceiling(-capacity * Math.Log(falsePositiveRate) / (ln2 * ln2));
        if (bits > 1L << 40)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the filter would exceed 2^40 bits");
        _m = Math.Max(64, (long)bits);
        _k = Math.Max(1, (int)Math.Round(_m / (double)capacity * ln2));
        _bits = new ulong[(_m + 63) / 64];
        Capacity = capacity;
        TargetFalsePositiveRate = falsePositiveRate;
    }

    /// <summary>The item count the filter was sized for.</summary>
    public long Capacity { get; }

    /// <summary>The false-positive rate asked for.</summary>
    public double TargetFalsePositiveRate { get; }

    /// <summary>The number of bits m.</summary>
    public long Bits => _m;

    /// <summary>The number of probes k per item.</summary>
    public int Probes => _k;

    /// <summary>The bytes of the bit array.</summary>
    public long StateBytes => 8L * _bits.Length;

    /// <summary>(1 − e^(−kn/m))^k: the false-positive rate expected after <paramref name="items"/> distinct items.</summary>
    /// <param name="items">The distinct items added.</param>
    /// <returns>The expected rate.</returns>
    public double ExpectedFalsePositiveRate(long items) => Math.Pow(1 - Math.Exp(-_k * (double)items / _m), _k);

    /// <summary>Adds one item by its 64-bit hash.</summary>
    /// <param name="hash">A well-mixed hash (see <see cref="SketchHash"/>).</param>
    public void AddHash(ulong hash)
    {
        ulong h1 = hash, h2 = SketchHash.Remix(hash) | 1;
        for (int i = 0; i < _k; i++)
        {
            long bit = Reduce(h1);
            _bits[bit >> 6] |= 1UL << (int)(bit & 63);
            h1 += h2;
        }
    }

    /// <summary>Adds many items by their hashes.</summary>
    /// <param name="hashes">Well-mixed hashes.</param>
    public void AddHashes(ReadOnlySpan<ulong> hashes)
    {
        foreach (ulong h in hashes)
            AddHash(h);
    }

    /// <summary>Whether the item may have been added: <c>false</c> is certain, <c>true</c> is wrong at the false-positive rate.</summary>
    /// <param name="hash">The item's hash.</param>
    /// <returns>Whether every probed bit is set.</returns>
    public bool MayContainHash(ulong hash)
    {
        ulong h1 = hash, h2 = SketchHash.Remix(hash) | 1;
        for (int i = 0; i < _k; i++)
        {
            long bit = Reduce(h1);
            if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                return false;
            h1 += h2;
        }
        return true;
    }

    /// <summary>Adds one item by its text (UTF-8, hashed with <see cref="SketchHash"/>).</summary>
    /// <param name="text">The item.</param>
    public void Add(string text) => AddHash(SketchHash.Of(text.AsSpan()));

    /// <summary>Whether the item (by its text) may have been added.</summary>
    /// <param name="text">The item.</param>
    /// <returns>See <see cref="MayContainHash"/>.</returns>
    public bool MayContain(string text) => MayContainHash(SketchHash.Of(text.AsSpan()));

    /// <summary>Adds every item of <paramref name="other"/>, a filter of the same size: the filter of the union.</summary>
    /// <param name="other">A filter built with the same capacity and rate.</param>
    public void Merge(BloomFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._m != _m || other._k != _k)
            throw new ArgumentException("cannot merge Bloom filters of different sizes", nameof(other));
        for (int i = 0; i < _bits.Length; i++)
            _bits[i] |= other._bits[i];
    }

    /// <summary>The fraction of bits set.</summary>
    public double FillRatio => _bits.Sum(w => (long)BitOperations.PopCount(w)) / (double)_m;

    // Lemire's multiply-shift: a position in [0, m) from 64 bits, without a division.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Reduce(ulong h) => (long)Math.BigMul(h, (ulong)_m, out _);
}
