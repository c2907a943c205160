using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HyperSharp.Frames;

/// <summary>Which path <see cref="GroupIndex"/> took: a dense array over the key range, or a hash table.</summary>
public enum GroupPath
{
    /// <summary>No key columns: the whole table is one group.</summary>
    Single,
    /// <summary>The keys' combined range was small: each row's slot is its key's offset, no hashing.</summary>
    Perfect,
    /// <summary>Open-addressing hash table over 64-bit composite keys.</summary>
    Hash,
}

/// <summary>The group ids of rows [<paramref name="start"/>, start + ids.Length), written into <paramref name="ids"/>.</summary>
internal delegate void GroupIds(int start, Span<int> ids);

/// <summary>Each row's group (dense ids 0…Groups−1), each group's first row, and the path that found them.</summary>
internal sealed class GroupIndex
{
    private int[]? _groupOf;
    private readonly Func<int[]>? _materialize;

    /// <summary>Each row's group: made on first use when the index was built without it (see <see cref="Ids"/>).</summary>
    public int[] GroupOf
    {
        get
        {
            if (_groupOf is { } g)
                return g;
            Interlocked.CompareExchange(ref _groupOf, _materialize!(), null);
            return _groupOf;
        }
        init => _groupOf = value;
    }

    /// <summary>
    /// Builds <see cref="GroupOf"/> when it is first asked for; with <see cref="Ids"/>, a pass that only needs the ids
    /// of a block of rows at a time computes them from the keys and never writes (and faults in) an id per row.
    /// </summary>
    public Func<int[]> Deferred { init => _materialize = value; }

    /// <summary>Computes a block's ids from the keys, or null when only <see cref="GroupOf"/> holds them.</summary>
    public GroupIds? Ids { get; init; }

    /// <summary>Whether <see cref="GroupOf"/> is made already (then reading it beats recomputing ids).</summary>
    public bool HasGroupOf => _groupOf is not null;

    public required int Groups { get; init; }
    public required int[] FirstRow { get; init; }
    public required GroupPath Path { get; init; }

    /// <summary>
    /// Each group's row count (nulls included), once known: both paths count it as they assign the ids (the hash path in
    /// its table's slots); it is the count of every null-free column.
    /// </summary>
    public long[]? Sizes { get; set; }
}

/// <summary>
/// Turns key columns into dense group ids. Each key column becomes small integer codes (a string's dictionary code, an
/// integer's offset from its minimum when its range is small, else a hash-factorised id; 0 is null), the codes combine
/// as mixed-radix numbers, and when the combined range is at most <see cref="PerfectLimit"/> slots a dense array maps
/// slots to groups (the perfect-hash path); otherwise an open-addressing table partitioned by hash across threads does.
/// The choice is made from the data's ranges at run time.
/// </summary>
internal static class Grouping
{
    /// <summary>The largest key range given a dense slot array (4 Mi slots: 4 MiB of marks, 16 MiB of ids).</summary>
    public const long PerfectLimitMax = 1 << 22;

    public static long PerfectLimit(int rows) => Math.Min(PerfectLimitMax, Math.Max(1 << 16, 4L * rows));

    public static GroupIndex Build(IReadOnlyList<Column> keys, int rows, int threads)
    {
        if (keys.Count == 0)
            return new GroupIndex
            {
                Groups = rows > 0 ? 1 : 0, FirstRow = rows > 0 ? [0] : [], Path = GroupPath.Single, Sizes = rows > 0 ? [rows] : [],
                Ids = static (_, ids) => ids.Clear(), Deferred = () => new int[rows],
            };
        int chunks = Parallelism.ChunksFor(rows, threads);
        long limit = PerfectLimit(rows);
        // One integer key without nulls in a small range: the slots are the values' offsets, read straight from the
        // column, with no array of codes made first.
        GroupIndex? direct = keys.Count == 1 ? keys[0] switch
        {
            Int32Column { Validity: null } c => Direct(c.Data, limit, chunks),
            PrimitiveColumn<long> { Validity: null } c => Direct(c.Data, limit, chunks),
            _ => null,
        } : null;
        if (direct is not null)
            return direct;
        var parts = keys.Select(k => Codes(k, chunks)).ToList();
        // A key whose values had to be factorised through a hash table (a wide integer range, doubles) is on the hash path.
        GroupPath path = parts.Any(p => p.Hashed) ? GroupPath.Hash : GroupPath.Perfect;
        if (parts.Count == 1 && parts[0].Cardinality <= limit)
            return Perfect(new CodeSlots(parts[0].Codes), (int)parts[0].Cardinality, rows, chunks, path);
        // Fold the codes into composite keys while the product fits, every column of a run in one pass; densify
        // through a hash when the next column would not fit.
        long[]? composite = null;
        long cardinality = 1;
        for (int p = 0; p < parts.Count;)
        {
            int q = p;
            long product = cardinality;
            while (q < parts.Count && product <= long.MaxValue / parts[q].Cardinality)
                product *= parts[q++].Cardinality;
            composite = Fold(composite, parts, p, q, rows, chunks);
            cardinality = product;
            p = q;
            if (p < parts.Count)
            {
                GroupIndex dense = Hash(composite, rows, chunks);
                composite = ToLong(dense.GroupOf, chunks);
                cardinality = dense.Groups;
            }
        }
        long[] folded = composite!; // parts is not empty: the loop ran
        if (cardinality <= limit)
        {
            var slots = new int[rows];
            Parallelism.For(chunks, rows, (_, s, e) =>
            {
                for (int i = s; i < e; i++)
                    slots[i] = (int)folded[i];
            });
            return Perfect(new CodeSlots(slots), (int)cardinality, rows, chunks, path);
        }
        return Hash(folded, rows, chunks);
    }

    /// <summary>The perfect-hash grouping of a null-free integer key whose range fits the limit; null when it does not.</summary>
    private static GroupIndex? Direct<T>(T[] data, long limit, int chunks) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (data.Length == 0)
            return null;
        (long min, long max) = MinMax(data, null, chunks);
        ulong range = (ulong)max - (ulong)min;
        if (range >= (ulong)limit)
            return null;
        return Perfect(new OffsetSlots<T>(data, min), (int)range + 1, data.Length, chunks, GroupPath.Perfect);
    }

    /// <summary>The smallest and largest valid value (long.MaxValue, long.MinValue when there is none), chunks in parallel.</summary>
    private static (long Min, long Max) MinMax<T>(T[] data, ulong[]? valid, int chunks) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var mins = new long[chunks];
        var maxs = new long[chunks];
        Parallelism.For(chunks, data.Length, (c, s, e) =>
        {
            long lo = long.MaxValue, hi = long.MinValue;
            if (valid is null)
            {
                if (e > s)
                {
                    (T a, T b) = MinMax<T>(data.AsSpan(s, e - s));
                    lo = long.CreateTruncating(a);
                    hi = long.CreateTruncating(b);
                }
            }
            else
            {
                for (int i = s; i < e; i++)
                {
                    if (!Bits.Get(valid, i))
                        continue;
                    long v = long.CreateTruncating(data[i]);
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }
            mins[c] = lo;
            maxs[c] = hi;
        });
        return (mins.Min(), maxs.Max());
    }

    /// <summary>The smallest and largest of a non-empty span in one read: eight or four lanes at a time where the CPU has them.</summary>
    internal static (T Min, T Max) MinMax<T>(ReadOnlySpan<T> span) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        int i = 0;
        T lo = T.MaxValue, hi = T.MinValue;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && span.Length >= 2 * Vector256<T>.Count)
        {
            ref T r = ref MemoryMarshal.GetReference(span);
            Vector256<T> vlo = Vector256.Create(T.MaxValue), vhi = Vector256.Create(T.MinValue);
            for (; i <= span.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref r, (nuint)i);
                vlo = Vector256.Min(vlo, v);
                vhi = Vector256.Max(vhi, v);
            }
            for (int lane = 0; lane < Vector256<T>.Count; lane++)
            {
                lo = T.Min(lo, vlo[lane]);
                hi = T.Max(hi, vhi[lane]);
            }
        }
        for (; i < span.Length; i++)
        {
            lo = T.Min(lo, span[i]);
            hi = T.Max(hi, span[i]);
        }
        return (lo, hi);
    }

    /// <summary>Where each row's slot comes from, for <see cref="Perfect"/>: specialised per source by the JIT.</summary>
    private interface ISlots
    {
        int this[int row] { get; }

        /// <summary>The slots of rows [start, start + into.Length).</summary>
        void Copy(int start, Span<int> into);
    }

    /// <summary>Slots already computed, one per row.</summary>
    private readonly struct CodeSlots(int[] codes) : ISlots
    {
        public int this[int row]
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => codes[row];
        }

        public void Copy(int start, Span<int> into) => codes.AsSpan(start, into.Length).CopyTo(into);
    }

    /// <summary>An integer column's offsets from its minimum.</summary>
    private readonly struct OffsetSlots<T>(T[] data, long min) : ISlots where T : unmanaged, IBinaryInteger<T>
    {
        public int this[int row]
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (int)(long.CreateTruncating(data[row]) - min);
        }

        public void Copy(int start, Span<int> into)
        {
            if (typeof(T) == typeof(int))
            {
                // The range fits an int (it is below the perfect limit), so the offset is exact in int arithmetic.
                TensorPrimitives.Subtract(MemoryMarshal.Cast<T, int>(data.AsSpan(start, into.Length)), (int)min, into);
                return;
            }
            for (int k = 0; k < into.Length; k++)
                into[k] = this[start + k];
        }
    }

    /// <summary>Rows per block of <see cref="Fold"/>: the block's keys stay in L1 while each column's codes fold into them.</summary>
    private const int FoldBlock = 2048;

    /// <summary>
    /// <paramref name="into"/>[i] · (product of the cardinalities) + the mixed-radix number of parts [from, to)'s codes,
    /// in place (a new array when <paramref name="into"/> is null): one read of each code column, one write of the keys.
    /// </summary>
    private static long[] Fold(long[]? into, List<(int[] Codes, long Cardinality, bool Hashed)> parts, int from, int to, int rows, int chunks)
    {
        long[] target = into ?? GC.AllocateUninitializedArray<long>(rows);
        Parallelism.For(chunks, rows, (_, s, e) =>
        {
            for (int b = s; b < e; b += FoldBlock)
            {
                int be = Math.Min(e, b + FoldBlock);
                Span<long> t = target.AsSpan(b, be - b);
                int p = from;
                if (into is null)
                {
                    ReadOnlySpan<int> first = parts[p++].Codes.AsSpan(b, be - b);
                    for (int i = 0; i < t.Length; i++)
                        t[i] = first[i];
                }
                for (; p < to; p++)
                {
                    ReadOnlySpan<int> codes = parts[p].Codes.AsSpan(b, be - b);
                    long c = parts[p].Cardinality;
                    for (int i = 0; i < t.Length; i++)
                        t[i] = t[i] * c + codes[i];
                }
            }
        });
        return target;
    }

    private static long[] ToLong(int[] codes, int chunks)
    {
        var r = GC.AllocateUninitializedArray<long>(codes.Length);
        Parallelism.For(chunks, codes.Length, (_, s, e) =>
        {
            for (int i = s; i < e; i++)
                r[i] = codes[i];
        });
        return r;
    }

    /// <summary>Codes in [0, cardinality) for one key column; 0 is null where the column has nulls.</summary>
    internal static (int[] Codes, long Cardinality, bool Hashed) Codes(Column column, int chunks)
    {
        int rows = column.Length;
        ulong[]? valid = column.Validity;
        switch (column)
        {
            case StringColumn s when valid is null:
                return (s.Codes, Math.Max(1, s.DictionaryArray.Length), false);
            case StringColumn s:
                {
                    var codes = new int[rows];
                    int[] src = s.Codes;
                    Parallelism.For(chunks, rows, (_, a, b) =>
                    {
                        for (int i = a; i < b; i++)
                            codes[i] = Bits.Get(valid, i) ? src[i] + 1 : 0;
                    });
                    return (codes, s.DictionaryArray.Length + 1L, false);
                }
            case BoolColumn b:
                {
                    var codes = new int[rows];
                    for (int i = 0; i < rows; i++)
                        codes[i] = valid is not null && !Bits.Get(valid, i) ? 0 : b.Data[i] ? 2 : 1;
                    return (codes, 3, false);
                }
            case Int32Column i32:
                return IntegerCodes(i32.Data, valid, chunks);
            case PrimitiveColumn<long> i64:
                return IntegerCodes(i64.Data, valid, chunks);
            case DoubleColumn d:
                {
                    // Doubles group by value: -0.0 with 0.0, every NaN together.
                    var bits = new long[rows];
                    for (int i = 0; i < rows; i++)
                    {
                        double v = d.Data[i] == 0 ? 0 : double.IsNaN(d.Data[i]) ? double.NaN : d.Data[i];
                        bits[i] = BitConverter.DoubleToInt64Bits(v);
                    }
                    return Factorize(bits, valid);
                }
            default:
                throw new ArgumentException($"Cannot group by a {column.Type} column.");
        }
    }

    private static (int[] Codes, long Cardinality, bool Hashed) IntegerCodes<T>(T[] data, ulong[]? valid, int chunks)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int rows = data.Length;
        (long min, long max) = MinMax(data, valid, chunks);
        if (min > max)
            return (new int[rows], 1, false); // every row null
        int shift = valid is null ? 0 : 1;
        // The range as an unsigned difference: max − min cannot overflow a ulong.
        ulong range = (ulong)max - (ulong)min;
        if (range < int.MaxValue - 1)
        {
            var codes = new int[rows];
            Parallelism.For(chunks, rows, (_, s, e) =>
            {
                if (valid is null)
                {
                    for (int i = s; i < e; i++)
                        codes[i] = (int)(long.CreateTruncating(data[i]) - min);
                }
                else
                {
                    for (int i = s; i < e; i++)
                        codes[i] = Bits.Get(valid, i) ? (int)(long.CreateTruncating(data[i]) - min) + 1 : 0;
                }
            });
            return (codes, (long)range + 1 + shift, false);
        }
        var longs = new long[rows];
        for (int i = 0; i < rows; i++)
            longs[i] = long.CreateTruncating(data[i]);
        return Factorize(longs, valid);
    }

    /// <summary>Dense ids of distinct values by first appearance (+1 with 0 for null where there are nulls).</summary>
    private static (int[] Codes, long Cardinality, bool Hashed) Factorize(long[] values, ulong[]? valid)
    {
        var map = new LongMap(1024);
        var codes = new int[values.Length];
        int shift = valid is null ? 0 : 1;
        for (int i = 0; i < values.Length; i++)
        {
            if (valid is not null && !Bits.Get(valid, i))
                continue;
            codes[i] = map.GetOrAdd(values[i], i) + shift;
        }
        return (codes, map.Count + shift, true);
    }

    /// <summary>Slot ranges up to this size are counted per thread in slot order (a long and an int per slot and thread).</summary>
    private const int CountedLimit = 1 << 18;

    /// <summary>
    /// The perfect-hash path: find the slots used, number them in slot order, map every row. A small slot range is
    /// counted in one pass (each slot's rows and first row); the ids per row are then left to be computed from the
    /// keys where they are needed, a block at a time, and only written out as an array when something asks for it.
    /// </summary>
    private static GroupIndex Perfect<TSlots>(TSlots slots, int cardinality, int rows, int chunks, GroupPath path) where TSlots : struct, ISlots
    {
        if (cardinality <= CountedLimit)
            return Counted(slots, cardinality, rows, chunks, path);
        var seen = new byte[cardinality];
        Parallelism.For(chunks, rows, (_, s, e) =>
        {
            for (int i = s; i < e; i++)
                seen[slots[i]] = 1; // racing writes of the same value
        });
        var map = new int[cardinality];
        int groups = 0;
        for (int slot = 0; slot < cardinality; slot++)
            map[slot] = seen[slot] != 0 ? groups++ : -1;
        var groupOf = new int[rows];
        var firsts = new int[chunks][];
        var counts = new long[chunks][];
        Parallelism.For(chunks, rows, (c, s, e) =>
        {
            int[] first = firsts[c] = new int[groups];
            long[] count = counts[c] = new long[groups];
            first.AsSpan().Fill(int.MaxValue);
            for (int i = s; i < e; i++)
            {
                int g = map[slots[i]];
                groupOf[i] = g;
                if (count[g]++ == 0)
                    first[g] = i;
            }
        });
        int[] firstRow = firsts[0];
        long[] sizes = counts[0];
        for (int c = 1; c < chunks; c++)
            for (int g = 0; g < groups; g++)
            {
                firstRow[g] = Math.Min(firstRow[g], firsts[c][g]);
                sizes[g] += counts[c][g];
            }
        return new GroupIndex { GroupOf = groupOf, Groups = groups, FirstRow = firstRow, Path = path, Sizes = sizes };
    }

    /// <summary><see cref="Perfect"/> over a small slot range: one counting pass; the ids are computed on demand.</summary>
    private static GroupIndex Counted<TSlots>(TSlots slots, int cardinality, int rows, int chunks, GroupPath path) where TSlots : struct, ISlots
    {
        var firsts = new int[chunks][];
        var counts = new long[chunks][];
        Parallelism.For(chunks, rows, (c, s, e) =>
        {
            int[] first = firsts[c] = new int[cardinality];
            long[] count = counts[c] = new long[cardinality];
            for (int i = s; i < e; i++)
            {
                int slot = slots[i];
                if (count[slot]++ == 0)
                    first[slot] = i;
            }
        });
        var map = new int[cardinality];
        var sizeList = new List<long>();
        var firstList = new List<int>();
        for (int slot = 0; slot < cardinality; slot++)
        {
            long n = 0;
            int first = int.MaxValue;
            for (int c = 0; c < chunks; c++)
            {
                // Chunks run in row order: the first chunk that saw the slot holds its first row.
                if (counts[c][slot] > 0 && first == int.MaxValue)
                    first = firsts[c][slot];
                n += counts[c][slot];
            }
            map[slot] = n > 0 ? firstList.Count : -1;
            if (n > 0)
            {
                sizeList.Add(n);
                firstList.Add(first);
            }
        }
        // Every slot used (the usual case of a small key range): a slot is its group.
        bool identity = firstList.Count == cardinality;
        void Ids(int start, Span<int> ids)
        {
            slots.Copy(start, ids);
            if (identity)
                return;
            int[] m = map;
            for (int k = 0; k < ids.Length; k++)
                ids[k] = m[ids[k]];
        }
        int[] Materialize()
        {
            int[] groupOf = GC.AllocateUninitializedArray<int>(rows);
            Parallelism.For(chunks, rows, (_, s, e) => Ids(s, groupOf.AsSpan(s, e - s)));
            return groupOf;
        }
        return new GroupIndex
        {
            Groups = firstList.Count, FirstRow = [.. firstList], Path = path, Sizes = [.. sizeList],
            Ids = Ids, Deferred = Materialize,
        };
    }

    /// <summary>
    /// The hash path: partition p of P (by the key's hash) is built by thread p alone, scanning every key and keeping
    /// its own; ids are then offset by the groups of the partitions before it. No locks, no merging of tables.
    /// </summary>
    private static GroupIndex Hash(long[] keys, int rows, int chunks)
    {
        int partitions = chunks;
        var groupOf = new int[rows];
        var maps = new LongMap[partitions];
        int capacity = InitialCapacity(keys, partitions);
        Parallelism.Each(partitions, partitions, p =>
        {
            var map = new LongMap(capacity);
            if (partitions == 1)
            {
                for (int i = 0; i < rows; i++)
                    groupOf[i] = map.GetOrAdd(keys[i], i);
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    long k = keys[i];
                    if (LongMap.Partition(k, partitions) == p)
                        groupOf[i] = map.GetOrAdd(k, i);
                }
            }
            maps[p] = map;
        });
        var offsets = new int[partitions + 1];
        for (int p = 0; p < partitions; p++)
            offsets[p + 1] = offsets[p] + maps[p].Count;
        int groups = offsets[partitions];
        var firstRow = new int[groups];
        var sizes = new long[groups];
        Parallelism.Each(partitions, partitions, p =>
        {
            maps[p].FirstRows.AsSpan(0, maps[p].Count).CopyTo(firstRow.AsSpan(offsets[p]));
            maps[p].CopyCounts(sizes.AsSpan(offsets[p], maps[p].Count));
        });
        if (partitions > 1)
        {
            Parallelism.For(chunks, rows, (_, s, e) =>
            {
                for (int i = s; i < e; i++)
                    groupOf[i] += offsets[LongMap.Partition(keys[i], partitions)];
            });
        }
        return new GroupIndex { GroupOf = groupOf, Groups = groups, FirstRow = firstRow, Path = GroupPath.Hash, Sizes = sizes };
    }

    /// <summary>Keys sampled to guess how many groups there are.</summary>
    private const int Sample = 4096;

    /// <summary>
    /// A partition's starting table size: small, unless an evenly spaced sample of the keys is mostly distinct, in which
    /// case the groups are many (near one per row) and the table starts at its final size rather than doubling a dozen
    /// times, each time rehashing every key through memory. The guess only sizes the table; any size gives the same ids.
    /// </summary>
    private static int InitialCapacity(long[] keys, int partitions)
    {
        const int small = 1 << 12;
        if (keys.Length <= 4 * Sample)
            return small;
        var seen = new LongMap(4 * Sample);
        long step = keys.Length / Sample;
        for (int i = 0; i < Sample; i++)
            seen.GetOrAdd(keys[i * step], 0);
        if (seen.Count * 2 < Sample)
            return small;
        long groups = (long)keys.Length * seen.Count / Sample;
        return (int)Math.Min(1 << 30, 2 * groups / partitions);
    }
}

/// <summary>
/// An open-addressing (linear probing) map from 64-bit keys to dense ids in order of insertion, with each id's first
/// row and how many times its key was asked for. A slot holds the key, the id and the count together, so that a probe
/// of a table too large for the cache misses once, not once per array. Grows at half full.
/// </summary>
internal sealed class LongMap
{
    private struct Entry
    {
        public long Key;
        public int Id; // id + 1; 0 = empty
        public int Count;
    }

    private Entry[] _entries;
    private int _mask;
    private int _shift;

    public LongMap(int capacity)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(capacity, 16, 1 << 30));
        _entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        FirstRows = new int[Math.Max(16, size / 2)];
    }

    public int Count { get; private set; }

    public int[] FirstRows { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(long key) => (ulong)key * 0x9E3779B97F4A7C15UL;

    /// <summary>The partition of a key among <paramref name="partitions"/>, from the hash's low bits (the table uses the high ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Partition(long key, int partitions) => (int)(((Mix(key) & 0xFFFFFFFF) * (ulong)partitions) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long key, int row)
    {
        int slot = (int)(Mix(key) >> _shift);
        while (true)
        {
            ref Entry e = ref _entries[slot];
            if (e.Id == 0)
                return Add(ref e, key, row);
            if (e.Key == key)
            {
                e.Count++;
                return e.Id - 1;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The id of <paramref name="key"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        int slot = (int)(Mix(key) >> _shift);
        while (true)
        {
            ref Entry e = ref _entries[slot];
            if (e.Id == 0)
                return -1;
            if (e.Key == key)
                return e.Id - 1;
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>How many times each id's key was added or found by <see cref="GetOrAdd"/>, into <paramref name="counts"/>[id].</summary>
    public void CopyCounts(Span<long> counts)
    {
        foreach (ref readonly Entry e in _entries.AsSpan())
            if (e.Id != 0)
                counts[e.Id - 1] = e.Count;
    }

    private int Add(ref Entry e, long key, int row)
    {
        int id = Count++;
        e.Key = key;
        e.Id = id + 1;
        e.Count = 1;
        if (id == FirstRows.Length)
        {
            var grown = new int[FirstRows.Length * 2];
            FirstRows.CopyTo(grown, 0);
            FirstRows = grown;
        }
        FirstRows[id] = row;
        if (Count * 2 > _entries.Length)
            Grow();
        return id;
    }

    private void Grow()
    {
        Entry[] old = _entries;
        int size = old.Length * 2;
        _entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        foreach (ref readonly Entry e in old.AsSpan())
        {
            if (e.Id == 0)
                continue;
            int slot = (int)(Mix(e.Key) >> _shift);
            while (_entries[slot].Id != 0)
                slot = (slot + 1) & _mask;
            _entries[slot] = e;
        }
    }
}
