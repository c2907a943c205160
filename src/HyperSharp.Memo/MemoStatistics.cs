namespace HyperSharp.Memo;

/// <summary>What an in-memory memoized function has done since it was made (or since <c>Clear</c>, for <see cref="Count"/>).</summary>
/// <param name="Hits">Calls answered from the cache.</param>
/// <param name="Misses">Calls that computed the function (two threads missing on one key both count, and both compute;
/// with a capacity, the one whose result was not kept then counts a hit too, as ConcurrentLru counts).</param>
/// <param name="Evictions">Entries dropped to stay within <paramref name="Capacity"/>.</param>
/// <param name="Count">Entries held now.</param>
/// <param name="Capacity">The most entries held at once; null when unbounded.</param>
public sealed record MemoStatistics(long Hits, long Misses, long Evictions, int Count, int? Capacity)
{
    /// <summary>Hits over all calls; 0 before the first call.</summary>
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    /// <summary>As <c>functools.lru_cache</c>'s <c>cache_info()</c> prints it.</summary>
    public override string ToString() =>
        $"hits={Hits}, misses={Misses}, evictions={Evictions}, size={Count}, capacity={(Capacity is { } c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unbounded")}";
}
