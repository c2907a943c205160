using System.Runtime.CompilerServices;

namespace HyperSharp.Harness.Tables;

/// <summary>A point key whose hash is a constant: every key in one bucket, each lookup a walk of the whole chain.</summary>
public readonly record struct ConstantKey(int X, int Y)
{
    public override int GetHashCode() => 17;
}

/// <summary>
/// A point key hashed as X ^ Y, the classic mistake: on a W×W grid it has at most the next power of two above W
/// distinct values for W² keys, and (x, y) and (y, x) always collide.
/// </summary>
public readonly record struct XorKey(int X, int Y)
{
    public override int GetHashCode() => X ^ Y;
}

/// <summary>The fix: <see cref="HashCode.Combine{T1,T2}"/> mixes both fields (and a per-process random seed).</summary>
public readonly record struct CombinedKey(int X, int Y)
{
    public override int GetHashCode() => HashCode.Combine(X, Y);
}

/// <summary>An equality comparer that counts its <see cref="Equals(T,T)"/> calls: a dictionary calls it only for keys
/// whose full 32-bit hashes are equal, so each call beyond one per successful lookup is a hash collision.</summary>
public sealed class CountingComparer<T> : IEqualityComparer<T>
{
    public long EqualsCalls { get; private set; }

    public bool Equals(T? x, T? y)
    {
        EqualsCalls++;
        return EqualityComparer<T>.Default.Equals(x, y);
    }

    public int GetHashCode(T obj) => EqualityComparer<T>.Default.GetHashCode(obj!);
}

/// <summary>Where a dictionary's keys land, computed from their hashes and its bucket count.</summary>
/// <param name="DistinctHashes">Different 32-bit hash codes among the keys.</param>
/// <param name="Buckets">The dictionary's bucket count (a prime).</param>
/// <param name="SharedBuckets">Keys that share a bucket with an earlier key: N − occupied buckets.</param>
/// <param name="ProbesPerLookup">Chain entries visited by a successful lookup, averaged over the keys.</param>
/// <param name="EqualsPerLookup">Of those, the ones with the key's own hash, on which Equals is called.</param>
public sealed record BucketAnalysis(int DistinctHashes, int Buckets, int SharedBuckets, double ProbesPerLookup, double EqualsPerLookup)
{
    /// <summary>
    /// Models <see cref="Dictionary{TKey,TValue}"/>: key i lands in bucket (uint)hash % buckets, and each new key is
    /// put at the head of its bucket's chain (a resize rebuilds the chains in insertion order, so the order holds),
    /// so a lookup of key i visits the keys of its bucket inserted at or after it. The tests check this model against
    /// the Equals calls a <see cref="CountingComparer{T}"/> counts.
    /// </summary>
    public static BucketAnalysis Of(IReadOnlyList<int> hashes, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        long probes = 0, equals = 0;
        var chains = new Dictionary<int, List<int>>(); // bucket → hashes in insertion order
        foreach (int h in hashes)
        {
            int b = (int)((uint)h % (uint)buckets);
            if (!chains.TryGetValue(b, out List<int>? chain))
                chains[b] = chain = [];
            chain.Add(h);
        }
        foreach (List<int> chain in chains.Values)
        {
            for (int i = 0; i < chain.Count; i++)
            {
                probes += chain.Count - i;
                for (int j = i; j < chain.Count; j++)
                    equals += chain[j] == chain[i] ? 1 : 0;
            }
        }
        int n = Math.Max(1, hashes.Count);
        return new BucketAnalysis(hashes.Distinct().Count(), buckets, hashes.Count - chains.Count, (double)probes / n, (double)equals / n);
    }
}

/// <summary>One key type at one size: where its keys land, the Equals calls counted, and the lookup time.</summary>
public sealed record HashRow(string Key, string Hash, int N, BucketAnalysis Buckets, double CountedEqualsPerLookup, OperationPoint Lookup)
{
    public double LookupsPerSecond => 1e6 / Lookup.Micros.Median;
}

/// <summary>
/// Gorelick ch. 4's lesson in .NET: a <see cref="Dictionary{TKey,TValue}"/> keyed by points whose hash is poor
/// (constant; X ^ Y) against one hashed with <see cref="HashCode.Combine{T1,T2}"/>, at growing N.
/// </summary>
public static class HashQuality
{
    /// <summary>The key types, worst first: (name, hash expression).</summary>
    public static IReadOnlyList<(string Key, string Hash)> Keys { get; } =
    [
        (nameof(ConstantKey), "17"),
        (nameof(XorKey), "X ^ Y"),
        (nameof(CombinedKey), "HashCode.Combine(X, Y)"),
    ];

    /// <summary>N keys: the points of the smallest square grid that holds them, row by row.</summary>
    public static (int X, int Y)[] Points(int n)
    {
        int w = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(n)));
        return Enumerable.Range(0, n).Select(i => (i % w, i / w)).ToArray();
    }

    public static IReadOnlyList<HashRow> Measure(int n, MeasureOptions options) =>
    [
        Measure(Keys[0], n, p => new ConstantKey(p.X, p.Y), options),
        Measure(Keys[1], n, p => new XorKey(p.X, p.Y), options),
        Measure(Keys[2], n, p => new CombinedKey(p.X, p.Y), options),
    ];

    /// <summary>Builds the dictionary as the timed one is built (keys in order, no capacity given), then counts.</summary>
    public static (BucketAnalysis Buckets, double CountedEqualsPerLookup) Count<TKey>(IReadOnlyList<TKey> keys)
        where TKey : notnull
    {
        var counting = new CountingComparer<TKey>();
        var dictionary = new Dictionary<TKey, int>(counting);
        for (int i = 0; i < keys.Count; i++)
            dictionary.Add(keys[i], i);
        long before = counting.EqualsCalls;
        foreach (TKey key in keys)
            _ = dictionary[key];
        double counted = (double)(counting.EqualsCalls - before) / Math.Max(1, keys.Count);
        BucketAnalysis analysis = BucketAnalysis.Of(keys.Select(k => k.GetHashCode()).ToArray(), dictionary.EnsureCapacity(0));
        return (analysis, counted);
    }

    private static HashRow Measure<TKey>((string Key, string Hash) type, int n, Func<(int X, int Y), TKey> make, MeasureOptions options)
        where TKey : notnull
    {
        TKey[] keys = Points(n).Select(make).ToArray();
        (BucketAnalysis buckets, double counted) = Count(keys);
        Counterpart lookup = Counterpart.Of($"Dictionary<{type.Key}, int>.TryGetValue", false, (_, _) =>
        {
            var dictionary = new Dictionary<TKey, int>();
            for (int i = 0; i < keys.Length; i++)
                dictionary.Add(keys[i], i);
            return (dictionary, keys);
        }, (s, _) => LookupAll(s.dictionary, s.keys));
        return new HashRow(type.Key, type.Hash, n, buckets, counted, OperationTimer.Measure(lookup, n, n, options));
    }

    /// <summary>Looks every key up; the sum of the values found (each key's insertion index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long LookupAll<TKey>(Dictionary<TKey, int> dictionary, TKey[] keys)
        where TKey : notnull
    {
        long sum = 0;
        foreach (TKey key in keys)
            sum += dictionary.TryGetValue(key, out int v) ? v : -1;
        return sum;
    }
}
