using System.IO.Hashing;
using System.Text;
using HyperSharp.Search;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// Counts of words kept as UTF-8 bytes: an open-addressing hash table whose keys live in one byte arena, so counting
/// a word that is already there allocates nothing and a new word allocates only when the arena grows. Not thread-safe:
/// each thread counts into its own table and the tables are merged.
/// </summary>
public sealed class WordTable
{
    private struct Entry
    {
        public ulong Hash;
        public int Offset;
        public int Length;
        public long Count;
    }

    private byte[] _arena = new byte[1 << 16];
    private int _used;
    private Entry[] _entries = new Entry[1 << 10];
    private int[] _slots = new int[1 << 11]; // entry index + 1; 0 is empty
    private int _count;

    /// <summary>Distinct words.</summary>
    public int Count => _count;

    /// <summary>Every word counted, with repeats.</summary>
    public long Total { get; private set; }

    /// <summary>Bytes of the distinct words' UTF-8 text.</summary>
    public long KeyBytes => _used;

    /// <summary>Adds <paramref name="n"/> to the count of <paramref name="word"/>.</summary>
    public void Add(ReadOnlySpan<byte> word, long n = 1)
    {
        ulong hash = XxHash3.HashToUInt64(word);
        int mask = _slots.Length - 1;
        int slot = (int)hash & mask;
        while (true)
        {
            int e = _slots[slot];
            if (e == 0)
                break;
            ref Entry entry = ref _entries[e - 1];
            if (entry.Hash == hash && _arena.AsSpan(entry.Offset, entry.Length).SequenceEqual(word))
            {
                entry.Count += n;
                Total += n;
                return;
            }
            slot = (slot + 1) & mask;
        }
        Insert(word, hash, n, slot);
    }

    private void Insert(ReadOnlySpan<byte> word, ulong hash, long n, int slot)
    {
        if (_used + word.Length > _arena.Length)
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + word.Length));
        word.CopyTo(_arena.AsSpan(_used));
        if (_count == _entries.Length)
            Array.Resize(ref _entries, _entries.Length * 2);
        _entries[_count] = new Entry { Hash = hash, Offset = _used, Length = word.Length, Count = n };
        _used += word.Length;
        _slots[slot] = ++_count;
        Total += n;
        // Half full at most: short probe runs.
        if (_count * 2 > _slots.Length)
            Rehash();
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        int mask = slots.Length - 1;
        for (int e = 0; e < _count; e++)
        {
            int slot = (int)_entries[e].Hash & mask;
            while (slots[slot] != 0)
                slot = (slot + 1) & mask;
            slots[slot] = e + 1;
        }
        _slots = slots;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this table.</summary>
    public void Merge(WordTable other)
    {
        for (int e = 0; e < other._count; e++)
        {
            ref Entry entry = ref other._entries[e];
            Add(other._arena.AsSpan(entry.Offset, entry.Length), entry.Count);
        }
    }

    /// <summary>Forgets every word, keeping the memory.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
        _used = 0;
        Total = 0;
    }

    /// <summary>Each word's UTF-8 bytes, its hash (as <see cref="Add"/> computes it) and its count, in insertion order.</summary>
    internal void ForEach<TVisitor>(ref TVisitor visitor) where TVisitor : IVisitor
    {
        for (int e = 0; e < _count; e++)
        {
            ref Entry entry = ref _entries[e];
            visitor.Word(_arena.AsSpan(entry.Offset, entry.Length), entry.Hash, entry.Count);
        }
    }

    /// <summary>What <see cref="ForEach"/> calls.</summary>
    internal interface IVisitor
    {
        void Word(ReadOnlySpan<byte> word, ulong hash, long count);
    }

    /// <summary>The counts as a result (words decoded once each, sorted).</summary>
    public WordCounts ToCounts()
    {
        var words = new string[_count];
        var counts = new long[_count];
        for (int e = 0; e < _count; e++)
        {
            ref Entry entry = ref _entries[e];
            words[e] = Encoding.UTF8.GetString(_arena, entry.Offset, entry.Length);
            counts[e] = entry.Count;
        }
        return WordCounts.FromUnsorted(words, counts);
    }

    /// <summary>The sink that counts each token of a text into a table.</summary>
    internal struct Counter(WordTable table) : Utf8Analyzer.ISink
    {
        public readonly void Token(ReadOnlySpan<byte> token) => table.Add(token);
    }

    /// <summary>Counts the tokens of <paramref name="text"/>.</summary>
    public void CountText(ReadOnlySpan<byte> text)
    {
        var counter = new Counter(this);
        Utf8Analyzer.Tokenize(text, ref counter);
    }

    /// <summary>The table's words and counts as bytes: per word a varint length, its bytes, a varint count.</summary>
    public static byte[] Serialize(WordTable table) => Encode(table, 0, 1);

    /// <summary>
    /// The words of <paramref name="table"/> whose hash falls in bucket <paramref name="bucket"/> of
    /// <paramref name="buckets"/>, encoded as <see cref="Serialize"/> does: one reducer's share of a shuffle.
    /// </summary>
    public static byte[] Encode(WordTable table, int bucket, int buckets)
    {
        var writer = new ArrayBufferWriterLite();
        for (int e = 0; e < table._count; e++)
        {
            ref Entry entry = ref table._entries[e];
            if (buckets > 1 && BucketOf(entry.Hash, buckets) != bucket)
                continue;
            writer.Word(table._arena.AsSpan(entry.Offset, entry.Length), entry.Count);
        }
        return writer.ToArray();
    }

    /// <summary>Every bucket's <see cref="Encode"/> at once, in one pass over the table: a map task's whole shuffle output.</summary>
    public static byte[][] EncodeBuckets(WordTable table, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (buckets == 1)
            return [Serialize(table)];
        var writers = new ArrayBufferWriterLite[buckets];
        for (int b = 0; b < buckets; b++)
            writers[b] = new ArrayBufferWriterLite();
        for (int e = 0; e < table._count; e++)
        {
            ref Entry entry = ref table._entries[e];
            writers[BucketOf(entry.Hash, buckets)].Word(table._arena.AsSpan(entry.Offset, entry.Length), entry.Count);
        }
        return [.. writers.Select(w => w.ToArray())];
    }

    /// <summary>The reducer bucket of a word's hash (the high bits, independent of the table's slots).</summary>
    public static int BucketOf(ulong hash, int buckets) => (int)((hash >> 32) % (uint)buckets);

    /// <summary>Adds the words and counts of <see cref="Encode"/>'s bytes to this table.</summary>
    public void AddEncoded(ReadOnlySpan<byte> bytes)
    {
        int p = 0;
        while (p < bytes.Length)
        {
            int length = checked((int)ReadVarInt(bytes, ref p));
            ReadOnlySpan<byte> word = bytes.Slice(p, length);
            p += length;
            long count = checked((long)ReadVarInt(bytes, ref p));
            Add(word, count);
        }
    }

    private static ulong ReadVarInt(ReadOnlySpan<byte> bytes, ref int p)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
            if (shift > 56)
                throw new InvalidDataException("a count is longer than 64 bits");
        }
    }

    private sealed class ArrayBufferWriterLite
    {
        private byte[] _buffer = new byte[256];
        private int _length;

        private Span<byte> Take(int n)
        {
            if (_length + n > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
            Span<byte> s = _buffer.AsSpan(_length, n);
            _length += n;
            return s;
        }

        public void VarInt(ulong value)
        {
            while (value >= 0x80)
            {
                Take(1)[0] = (byte)(value | 0x80);
                value >>= 7;
            }
            Take(1)[0] = (byte)value;
        }

        public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

        /// <summary>One word of the encoding: its length, its bytes, its count.</summary>
        public void Word(ReadOnlySpan<byte> word, long count)
        {
            VarInt((ulong)word.Length);
            Bytes(word);
            VarInt((ulong)count);
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();
    }
}
