namespace HyperSharp.Sketches;

/// <summary>
/// The exact reference: a set of the 64-bit hashes. Exact but for hash collisions (about n²/2^65 of them: none in
/// practice below a billion items), and its memory grows with the count.
/// </summary>
public sealed class ExactDistinct : IDistinctSketch
{
    private readonly HashSet<ulong> _set = [];

    /// <inheritdoc/>
    public string Kind => "exact";

    /// <summary>0: the count is exact.</summary>
    public double RelativeStandardError => 0;

    /// <summary>Eight bytes per distinct hash (the set's own overhead, about 20 bytes more each, is not counted).</summary>
    public long StateBytes => 8L * _set.Count;

    /// <summary>The number of distinct hashes.</summary>
    public long Count => _set.Count;

    /// <inheritdoc/>
    public void AddHash(ulong hash) => _set.Add(hash);

    /// <inheritdoc/>
    public void AddHashes(ReadOnlySpan<ulong> hashes)
    {
        foreach (ulong h in hashes)
            _set.Add(h);
    }

    /// <summary>Adds every hash of <paramref name="other"/>: afterwards this set is the set of the union.</summary>
    /// <param name="other">Another exact counter.</param>
    public void Merge(ExactDistinct other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _set.UnionWith(other._set);
    }

    /// <inheritdoc/>
    public double Estimate() => _set.Count;
}
