using System.Runtime.CompilerServices;

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

/// <summary>Each row's group (dense ids 0…Groups−1), each group's first row, and the path that found them.</summary>
internal sealed class GroupIndex
{
    public required int[] GroupOf { get; init; }
    public required int Groups { get; init; }
    public required int[] FirstRow { get; init; }
    public required GroupPath Path { get; init; }

    /// <summary>
    /// Each group's row count (nulls included), once known: the perfect-hash path counts it as it assigns the ids, the
    /// first count of a null-free column keeps it otherwise. It is the count of every null-free column.
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
            return new GroupIndex { GroupOf = new int[rows], Groups = rows > 0 ? 1 : 0, FirstRow = rows > 0 ? [0] : [], Path = GroupPath.Single };
        int chunks = Parallelism.ChunksFor(rows, threads);
        var parts = keys.Select(k => Codes(k, chunks)).ToList();
        // A key whose values had to be factorised through a hash table (a wide integer range, doubles) is on the hash path.
        GroupPath path = parts.Any(p => p.Hashed) ? GroupPath.Hash : GroupPath.Perfect;
        long limit = PerfectLimit(rows);
        if (parts.Count == 1 && parts[0].Cardinality <= limit)
            return Perfect(parts[0].Codes, (int)parts[0].Cardinality, rows, chunks, path);
        // Fold the codes into composite keys while the product fits; densify through a hash when it would not.
        long[] composite = ToLong(parts[0].Codes, chunks);
        long cardinality = parts[0].Cardinality;
        for (int p = 1; p < parts.Count; p++)
        {
            (int[] codes, long card, _) = parts[p];
            if (cardinality > long.MaxValue / card)
            {
                GroupIndex dense = Hash(composite, rows, chunks);
                composite = ToLong(dense.GroupOf, chunks);
                cardinality = dense.Groups;
            }
            long[] target = composite;
            long c = card;
            Parallelism.For(chunks, rows, (_, s, e) =>
            {
                for (int i = s; i < e; i++)
                    target[i] = target[i] * c + codes[i];
            });
            cardinality *= card;
        }
        if (cardinality <= limit)
        {
            var slots = new int[rows];
            Parallelism.For(chunks, rows, (_, s, e) =>
            {
                for (int i = s; i < e; i++)
                    slots[i] = (int)composite[i];
            });
            return Perfect(slots, (int)cardinality, rows, chunks, path);
        }
        return Hash(composite, rows, chunks);
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
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        int rows = data.Length;
        var mins = new long[chunks];
        var maxs = new long[chunks];
        Parallelism.For(chunks, rows, (c, s, e) =>
        {
            long lo = long.MaxValue, hi = long.MinValue;
            for (int i = s; i < e; i++)
            {
                if (valid is not null && !Bits.Get(valid, i))
                    continue;
                long v = long.CreateTruncating(data[i]);
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            mins[c] = lo;
            maxs[c] = hi;
        });
        long min = mins.Min(), max = maxs.Max();
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

    /// <summary>The perfect-hash path: mark the slots used, number them in slot order, map every row.</summary>
    private static GroupIndex Perfect(int[] slots, int cardinality, int rows, int chunks, GroupPath path)
    {
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

    /// <summary>
    /// The hash path: partition p of P (by the key's hash) is built by thread p alone, scanning every key and keeping
    /// its own; ids are then offset by the groups of the partitions before it. No locks, no merging of tables.
    /// </summary>
    private static GroupIndex Hash(long[] keys, int rows, int chunks)
    {
        int partitions = chunks;
        var groupOf = new int[rows];
        var maps = new LongMap[partitions];
        Parallelism.Each(partitions, partitions, p =>
        {
            var map = new LongMap(1 << 12);
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
        for (int p = 0; p < partitions; p++)
            maps[p].FirstRows.AsSpan(0, maps[p].Count).CopyTo(firstRow.AsSpan(offsets[p]));
        if (partitions > 1)
        {
            Parallelism.For(chunks, rows, (_, s, e) =>
            {
                for (int i = s; i < e; i++)
                    groupOf[i] += offsets[LongMap.Partition(keys[i], partitions)];
            });
        }
        return new GroupIndex { GroupOf = groupOf, Groups = groups, FirstRow = firstRow, Path = GroupPath.Hash };
    }
}

/// <summary>
/// An open-addressing (linear probing) map from 64-bit keys to dense ids in order of insertion, with each id's first
/// row. Grows at half full.
/// </summary>
internal sealed class LongMap
{
    private long[] _keys;
    private int[] _ids; // id + 1; 0 = empty
    private int _mask;
    private int _shift;

    public LongMap(int capacity)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _keys = new long[size];
        _ids = new int[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        FirstRows = new int[Math.Max(16, capacity / 2)];
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
            int id = _ids[slot];
            if (id == 0)
                return Add(slot, key, row);
            if (_keys[slot] == key)
                return id - 1;
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
            int id = _ids[slot];
            if (id == 0)
                return -1;
            if (_keys[slot] == key)
                return id - 1;
            slot = (slot + 1) & _mask;
        }
    }

    private int Add(int slot, long key, int row)
    {
        int id = Count++;
        _keys[slot] = key;
        _ids[slot] = id + 1;
        if (id == FirstRows.Length)
        {
            var grown = new int[FirstRows.Length * 2];
            FirstRows.CopyTo(grown, 0);
            FirstRows = grown;
        }
        FirstRows[id] = row;
        if (Count * 2 > _keys.Length)
            Grow();
        return id;
    }

    private void Grow()
    {
        long[] keys = _keys;
        int[] ids = _ids;
        int size = keys.Length * 2;
        _keys = new long[size];
        _ids = new int[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        for (int i = 0; i < keys.Length; i++)
        {
            if (ids[i] == 0)
                continue;
            int slot = (int)(Mix(keys[i]) >> _shift);
            while (_ids[slot] != 0)
                slot = (slot + 1) & _mask;
            _keys[slot] = keys[i];
            _ids[slot] = ids[i];
        }
    }
}
