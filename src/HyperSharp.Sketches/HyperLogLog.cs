using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HyperSharp.Sketches;

/// <summary>
/// HyperLogLog (Flajolet et al. 2007) over 64-bit hashes, with HyperLogLog++'s sparse representation (Heule et al. 2013)
/// at small cardinalities and Ertl's improved estimator (arXiv:1702.01284) on the dense registers: no bias tables, no
/// empirical thresholds, relative standard error ≈ 1.04/√m for m = 2^precision registers. Mergeable; serialized with
/// <see cref="ToBytes"/> in the versioned, checksummed format of the package README.
/// </summary>
public sealed class HyperLogLog : IDistinctSketch
{
    /// <summary>The smallest precision (16 registers).</summary>
    public const int MinPrecision = 4;

    /// <summary>The largest precision (2^18 registers).</summary>
    public const int MaxPrecision = 18;

    /// <summary>The precision of the sparse entries: 25 index bits and a 6-bit rank fit one 32-bit entry.</summary>
    internal const int SparsePrecision = 25;

    private const int BufferCapacity = 256;
    internal static ReadOnlySpan<byte> Magic => "HSKH"u8;

    private readonly int _p;
    private byte[]? _dense;
    private uint[] _sparse = [];
    private int _sparseCount;
    private uint[]? _buffer;
    private int _bufferCount;

    /// <summary>An empty sketch of 2^<paramref name="precision"/> registers.</summary>
    /// <param name="precision"><see cref="MinPrecision"/> to <see cref="MaxPrecision"/>; 14 is Redis's (16 384 registers, 0.81 %).</param>
    /// <param name="sparse">Start in the sparse representation (exact-like at small cardinalities); <c>false</c> allocates the dense registers now.</param>
    public HyperLogLog(int precision = 14, bool sparse = true)
    {
        if (precision is < MinPrecision or > MaxPrecision)
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"precision must be {MinPrecision} to {MaxPrecision}");
        _p = precision;
        if (!sparse)
            _dense = new byte[1 << precision];
    }

    /// <summary>The precision p: the sketch has 2^p registers.</summary>
    public int Precision => _p;

    /// <summary>Whether the sketch is still in its sparse representation.</summary>
    public bool IsSparse => _dense is null;

    /// <inheritdoc/>
    public string Kind => "hll";

    /// <summary>The theoretical relative standard error of the dense estimator, √(3 ln 2 − 1)/√m ≈ 1.04/√m.</summary>
    public double RelativeStandardError => TheoreticalError(_p);

    /// <summary>√(3 ln 2 − 1)/√m, the asymptotic relative standard error of HyperLogLog with 2^<paramref name="precision"/> registers.</summary>
    /// <param name="precision">The precision.</param>
    /// <returns>The relative standard error.</returns>
    public static double TheoreticalError(int precision) => Math.Sqrt((3 * Math.Log(2) - 1) / (1 << precision));

    /// <summary>The bytes held: one byte per register when dense, four per entry (and the insert buffer) when sparse.</summary>
    public long StateBytes => _dense is { } d ? d.Length : 4L * (_sparse.Length + (_buffer?.Length ?? 0));

    private int SparseLimit => (1 << _p) / 4;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddHash(ulong hash)
    {
        if (_dense is { } dense)
        {
            UpdateDense(dense, _p, hash);
            return;
        }
        AddSparse(hash);
    }

    /// <inheritdoc/>
    public void AddHashes(ReadOnlySpan<ulong> hashes)
    {
        int i = 0;
        while (_dense is null && i < hashes.Length)
            AddSparse(hashes[i++]);
        if (i == hashes.Length)
            return;
        byte[] dense = _dense!;
        int p = _p;
        // The dense loop: one shift, one lzcnt and a max per item, no branch on the sketch's state.
        ref byte registers = ref dense[0];
        foreach (ulong h in hashes[i..])
        {
            nuint index = (nuint)(h >> (64 - p));
            byte rank = (byte)(BitOperations.LeadingZeroCount((h << p) | (1UL << (p - 1))) + 1);
            ref byte r = ref Unsafe.Add(ref registers, index);
            r = Math.Max(r, rank);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateDense(byte[] dense, int p, ulong hash)
    {
        int index = (int)(hash >> (64 - p));
        byte rank = (byte)(BitOperations.LeadingZeroCount((hash << p) | (1UL << (p - 1))) + 1);
        if (rank > dense[index])
            dense[index] = rank;
    }

    private void AddSparse(ulong hash)
    {
        _buffer ??= new uint[BufferCapacity];
        _buffer[_bufferCount++] = SparseEntry(hash);
        if (_bufferCount == _buffer.Length)
            Flush();
    }

    internal static uint SparseEntry(ulong hash)
    {
        uint index = (uint)(hash >> (64 - SparsePrecision));
        uint rank = (uint)BitOperations.LeadingZeroCount((hash << SparsePrecision) | (1UL << (SparsePrecision - 1))) + 1;
        return (index << 6) | rank;
    }

    /// <summary>Merges the insert buffer into the sorted entries, one entry (the highest rank) per index; dense past the limit.</summary>
    private void Flush()
    {
        if (_dense is not null || _bufferCount == 0)
            return;
        Span<uint> buffer = _buffer.AsSpan(0, _bufferCount);
        buffer.Sort();
        var merged = new uint[_sparseCount + buffer.Length];
        int n = MergeEntries(_sparse.AsSpan(0, _sparseCount), buffer, merged);
        _bufferCount = 0;
        if (n > SparseLimit)
        {
            ToDense(merged.AsSpan(0, n));
            return;
        }
        _sparse = merged;
        _sparseCount = n;
    }

    /// <summary>Merges two sorted entry lists keeping, per index, the highest rank; returns the entries written.</summary>
    private static int MergeEntries(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, Span<uint> into)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length || j < b.Length)
        {
            uint next = j == b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
            // Sorted by (index, rank): an entry with the index of the last one written has a rank at least as high.
            if (n > 0 && into[n - 1] >> 6 == next >> 6)
                into[n - 1] = next;
            else
                into[n++] = next;
        }
        return n;
    }

    private void ToDense(ReadOnlySpan<uint> entries)
    {
        var dense = new byte[1 << _p];
        ApplyEntries(dense, _p, entries);
        _dense = dense;
        _sparse = [];
        _sparseCount = 0;
        _buffer = null;
    }

    private static void ApplyEntries(byte[] dense, int p, ReadOnlySpan<uint> entries)
    {
        int extra = SparsePrecision - p;
        foreach (uint e in entries)
        {
            uint sparseIndex = e >> 6;
            int index = (int)(sparseIndex >> extra);
            uint low = sparseIndex & ((1u << extra) - 1);
            // The dense rank counts the zeros of the index bits the dense sketch does not use, then the sparse rank's.
            int rank = low != 0 ? BitOperations.LeadingZeroCount(low) - (32 - extra) + 1 : extra + (int)(e & 63);
            if (rank > dense[index])
                dense[index] = (byte)rank;
        }
    }

    /// <summary>Adds every item of <paramref name="other"/> (same precision): afterwards this sketch is the sketch of the union.</summary>
    /// <param name="other">A sketch of the same precision.</param>
    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._p != _p)
            throw new ArgumentException($"cannot merge precision {other._p} into precision {_p}", nameof(other));
        other.Flush();
        Flush();
        if (_dense is null && other._dense is null)
        {
            var merged = new uint[_sparseCount + other._sparseCount];
            int n = MergeEntries(_sparse.AsSpan(0, _sparseCount), other._sparse.AsSpan(0, other._sparseCount), merged);
            if (n > SparseLimit)
                ToDense(merged.AsSpan(0, n));
            else
                (_sparse, _sparseCount) = (merged, n);
            return;
        }
        if (_dense is null)
            ToDense(_sparse.AsSpan(0, _sparseCount));
        byte[] dense = _dense!;
        if (other._dense is { } od)
        {
            for (int i = 0; i < dense.Length; i++)
                dense[i] = Math.Max(dense[i], od[i]);
        }
        else
        {
            ApplyEntries(dense, _p, other._sparse.AsSpan(0, other._sparseCount));
        }
    }

    /// <summary>A copy that can be added to or merged without changing this one.</summary>
    /// <returns>The copy.</returns>
    public HyperLogLog Clone() => FromBytes(ToBytes());

    /// <inheritdoc/>
    public double Estimate()
    {
        Flush();
        if (_dense is null)
        {
            // Linear counting over the 2^25 sparse indices: exact but for index collisions, which it corrects.
            double m = 1 << SparsePrecision;
            return m * Math.Log(m / (m - _sparseCount));
        }
        return ImprovedEstimate(_dense, _p);
    }

    /// <summary>Ertl's improved estimator (arXiv:1702.01284, Algorithm 6) from the register histogram.</summary>
    internal static double ImprovedEstimate(ReadOnlySpan<byte> registers, int p)
    {
        int q = 64 - p;
        Span<int> histogram = stackalloc int[q + 2];
        foreach (byte r in registers)
            histogram[r]++;
        double m = registers.Length;
        double z = m * Tau(1 - histogram[q + 1] / m);
        for (int k = q; k >= 1; k--)
            z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        return m * m / (2 * Math.Log(2) * z);
    }

    /// <summary>σ(x) = x + Σ_k x^(2^k) 2^(k−1): the correction of the empty registers (infinite when all are empty).</summary>
    internal static double Sigma(double x)
    {
        if (x == 1)
            return double.PositiveInfinity;
        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    /// <summary>τ(x): the correction of the saturated registers (0 when none are).</summary>
    internal static double Tau(double x)
    {
        if (x is 0 or 1)
            return 0;
        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }

    /// <summary>The sketch in the serialized format (version 1): sparse entries, or the dense registers packed 6 bits each.</summary>
    /// <returns>The bytes, ending in their checksum.</returns>
    public byte[] ToBytes()
    {
        Flush();
        if (_dense is { } dense)
        {
            byte[] bytes = SketchFormat.Frame(Magic, (byte)_p, 0, PackedBytes(dense.Length), out Span<byte> body);
            Pack6(dense, body);
            SketchFormat.Seal(bytes);
            return bytes;
        }
        byte[] sparse = SketchFormat.Frame(Magic, (byte)_p, 1, 4 + 4 * _sparseCount, out Span<byte> sbody);
        BinaryPrimitives.WriteInt32LittleEndian(sbody, _sparseCount);
        for (int i = 0; i < _sparseCount; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(sbody[(4 + 4 * i)..], _sparse[i]);
        SketchFormat.Seal(sparse);
        return sparse;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>, checking its magic, version, checksum and every register.</summary>
    /// <param name="bytes">The serialized sketch.</param>
    /// <returns>The sketch.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid HyperLogLog of this format.</exception>
    public static HyperLogLog FromBytes(ReadOnlySpan<byte> bytes)
    {
        const string What = "HyperLogLog sketch";
        ReadOnlySpan<byte> body = SketchFormat.Open(bytes, Magic, What, out byte p, out byte representation);
        if (p is < MinPrecision or > MaxPrecision)
            throw new InvalidDataException($"corrupt {What}: precision {p}");
        var sketch = new HyperLogLog(p);
        int maxRank = 65 - p;
        if (representation == 0)
        {
            int m = 1 << p;
            if (body.Length != PackedBytes(m))
                throw new InvalidDataException($"corrupt {What}: {body.Length} register bytes, expected {PackedBytes(m)}");
            var dense = new byte[m];
            Unpack6(body, dense);
            foreach (byte r in dense)
                if (r > maxRank)
                    throw new InvalidDataException($"corrupt {What}: register value {r} above {maxRank}");
            sketch._dense = dense;
            return sketch;
        }
        if (representation != 1)
            throw new InvalidDataException($"corrupt {What}: representation {representation}");
        int count = body.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(body) : -1;
        if (count < 0 || count > sketch.SparseLimit || body.Length != 4 + 4L * count)
            throw new InvalidDataException($"corrupt {What}: sparse entry count does not match its length");
        var entries = new uint[count];
        for (int i = 0; i < count; i++)
        {
            uint e = BinaryPrimitives.ReadUInt32LittleEndian(body[(4 + 4 * i)..]);
            if ((e & 63) is 0 or > 64 - SparsePrecision + 1 || (i > 0 && e >> 6 <= entries[i - 1] >> 6))
                throw new InvalidDataException($"corrupt {What}: sparse entry {i} out of order or out of range");
            entries[i] = e;
        }
        sketch._sparse = entries;
        sketch._sparseCount = count;
        return sketch;
    }

    private static int PackedBytes(int registers) => (registers * 6 + 7) / 8;

    private static void Pack6(ReadOnlySpan<byte> registers, Span<byte> into)
    {
        for (int i = 0; i < registers.Length; i++)
        {
            int bit = i * 6;
            int v = registers[i] << (bit & 7);
            into[bit >> 3] |= (byte)v;
            if ((bit & 7) > 2)
                into[(bit >> 3) + 1] |= (byte)(v >> 8);
        }
    }

    private static void Unpack6(ReadOnlySpan<byte> packed, Span<byte> registers)
    {
        for (int i = 0; i < registers.Length; i++)
        {
            int bit = i * 6;
            int v = packed[bit >> 3] >> (bit & 7);
            if ((bit & 7) > 2)
                v |= packed[(bit >> 3) + 1] << (8 - (bit & 7));
            registers[i] = (byte)(v & 63);
        }
    }
}
