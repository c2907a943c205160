namespace HyperSharp.Sketches;

/// <summary>
/// K-Minimum Values (Bar-Yossef et al. 2002; Beyer et al. 2007): keeps the k smallest distinct hashes; with U_k the
/// k-th smallest as a fraction of 2^64, (k − 1)/U_k estimates the distinct count with relative standard error
/// ≈ 1/√(k − 2). Exact below k distinct items. Mergeable: the k smallest of the union of two sketches.
/// </summary>
public sealed class KMinimumValues : IDistinctSketch
{
    private readonly int _k;
    // A max-heap of the kept hashes (the largest at the root, the one a smaller newcomer replaces), and a set of
    // them so a repeated hash is not kept twice.
    private readonly ulong[] _heap;
    private int _count;
    private readonly HashSet<ulong> _kept;

    /// <summary>An empty sketch keeping the <paramref name="k"/> smallest hashes.</summary>
    /// <param name="k">At least 3.</param>
    public KMinimumValues(int k = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 3);
        _k = k;
        _heap = new ulong[k];
        _kept = new HashSet<ulong>(k);
    }

    /// <summary>The number of hashes kept at most.</summary>
    public int K => _k;

    /// <inheritdoc/>
    public string Kind => "kmv";

    /// <summary>1/√(k − 2).</summary>
    public double RelativeStandardError => 1 / Math.Sqrt(_k - 2);

    /// <summary>Eight bytes per kept hash (the membership set that avoids duplicates is not counted).</summary>
    public long StateBytes => 8L * _k;

    /// <summary>The kept hashes, in no particular order.</summary>
    public ReadOnlySpan<ulong> Hashes => _heap.AsSpan(0, _count);

    /// <inheritdoc/>
    public void AddHash(ulong hash)
    {
        if (_count == _k)
        {
            // Most hashes of a large stream are above the k-th smallest: one comparison rejects them.
            if (hash >= _heap[0] || !_kept.Add(hash))
                return;
            _kept.Remove(_heap[0]);
            _heap[0] = hash;
            SiftDown(0);
            return;
        }
        if (!_kept.Add(hash))
            return;
        int i = _count++;
        _heap[i] = hash;
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (_heap[parent] >= _heap[i])
                break;
            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int largest = i, left = 2 * i + 1, right = left + 1;
            if (left < _count && _heap[left] > _heap[largest])
                largest = left;
            if (right < _count && _heap[right] > _heap[largest])
                largest = right;
            if (largest == i)
                return;
            (_heap[largest], _heap[i]) = (_heap[i], _heap[largest]);
            i = largest;
        }
    }

    /// <inheritdoc/>
    public void AddHashes(ReadOnlySpan<ulong> hashes)
    {
        foreach (ulong h in hashes)
            AddHash(h);
    }

    /// <summary>Adds every hash <paramref name="other"/> keeps: afterwards this sketch is the sketch of the union (same k).</summary>
    /// <param name="other">A sketch with the same k.</param>
    public void Merge(KMinimumValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._k != _k)
            throw new ArgumentException($"cannot merge k = {other._k} into k = {_k}", nameof(other));
        AddHashes(other.Hashes);
    }

    /// <inheritdoc/>
    public double Estimate()
    {
        if (_count < _k)
            return _count;
        double uk = (_heap[0] + 1.0) / Math.ScaleB(1, 64);
        return (_k - 1) / uk;
    }
}
