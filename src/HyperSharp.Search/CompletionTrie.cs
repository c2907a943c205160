using System.Buffers.Binary;

namespace HyperSharp.Search;

/// <summary>
/// The completion section: a trie over the terms' UTF-8 bytes holding only the "heavy" prefixes — those shared by
/// more than <see cref="Stored"/> terms — each with the range of terms it covers (terms are in byte order, so a
/// prefix's terms are contiguous) and its <see cref="Stored"/> most frequent terms, precomputed. A lookup walks the
/// prefix's bytes down the trie: if the whole prefix is a heavy node its answer is read off; if the walk leaves the
/// trie, the prefix has at most <see cref="Stored"/> terms, found by bisection in the node's range and ranked on
/// the spot. Layout: stored count, node count, top-list length, 0 (u32 each); nodes of 20 bytes (range start, range
/// end, first child, top-list offset: u32; byte, top count: u8; child count: u16), children contiguous in byte
/// order, breadth first; then the top lists (term numbers, u32).
/// </summary>
internal static class CompletionTrie
{
    /// <summary>The most frequent terms stored per heavy prefix: completions up to this many are one walk and a read.</summary>
    public const int Stored = 16;

    public const int NodeBytes = 20;

    public const int HeaderBytes = 16;

    /// <summary>Better of two terms for completion: more frequent first, then the earlier in byte order.</summary>
    public static bool Better(long frequencyA, int a, long frequencyB, int b) => frequencyA > frequencyB || (frequencyA == frequencyB && a < b);

    public static byte[] Build(byte[][] names, long[] frequencies)
    {
        var nodes = new List<(int Lo, int Hi, int FirstChild, int TopOffset, byte Label, int TopCount, int Children)>();
        var tops = new List<uint>();
        var depth = new List<int>();
        if (names.Length > 0)
        {
            nodes.Add((0, names.Length, 0, 0, 0, 0, 0));
            depth.Add(0);
        }
        for (int n = 0; n < nodes.Count; n++)
        {
            (int lo, int hi, _, _, byte label, _, _) = nodes[n];
            int d = depth[n];
            int topOffset = tops.Count, topCount = 0;
            if (hi - lo > Stored)
            {
                foreach (int t in Top(frequencies, lo, hi, Stored))
                    tops.Add((uint)t);
                topCount = Stored;
            }
            int first = nodes.Count, children = 0;
            int i = lo;
            while (i < hi && names[i].Length == d)
                i++; // the prefix itself is a term: it sorts first and has no next byte
            while (i < hi)
            {
                byte b = names[i][d];
                int j = i;
                while (j < hi && names[j][d] == b)
                    j++;
                if (j - i > Stored)
                {
                    nodes.Add((i, j, 0, 0, b, 0, 0));
                    depth.Add(d + 1);
                    children++;
                }
                i = j;
            }
            nodes[n] = (lo, hi, first, topOffset, label, topCount, children);
        }
        byte[] bytes = new byte[HeaderBytes + nodes.Count * NodeBytes + tops.Count * 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Stored);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)nodes.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)tops.Count);
        for (int n = 0; n < nodes.Count; n++)
        {
            Span<byte> e = bytes.AsSpan(HeaderBytes + n * NodeBytes, NodeBytes);
            var x = nodes[n];
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)x.Lo);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], (uint)x.Hi);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)x.FirstChild);
            BinaryPrimitives.WriteUInt32LittleEndian(e[12..], (uint)x.TopOffset);
            e[16] = x.Label;
            e[17] = (byte)x.TopCount;
            BinaryPrimitives.WriteUInt16LittleEndian(e[18..], (ushort)x.Children);
        }
        int at = HeaderBytes + nodes.Count * NodeBytes;
        foreach (uint t in tops)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), t);
            at += 4;
        }
        return bytes;
    }

    /// <summary>The <paramref name="top"/> best terms of [<paramref name="lo"/>, <paramref name="hi"/>), best first.</summary>
    private static List<int> Top(long[] frequencies, int lo, int hi, int top) => Top(i => frequencies[i], lo, hi, top);

    /// <summary>Terms in byte order with their frequencies: the index file's, or arrays in memory.</summary>
    public interface ITermTable
    {
        int Count { get; }

        ReadOnlySpan<byte> Bytes(int t);

        long Frequency(int t);
    }

    /// <summary>Terms held in arrays (already in byte order).</summary>
    public readonly struct ArrayTable(byte[][] names, long[] frequencies) : ITermTable
    {
        public int Count => names.Length;

        public ReadOnlySpan<byte> Bytes(int t) => names[t];

        public long Frequency(int t) => frequencies[t];
    }

    /// <summary>The <paramref name="top"/> best terms starting with <paramref name="prefix"/>, best first, from a trie section built over <paramref name="table"/>.</summary>
    public static List<int> Lookup<TTable>(ReadOnlySpan<byte> c, TTable table, ReadOnlySpan<byte> prefix, int top) where TTable : ITermTable
    {
        int terms = table.Count;
        if (c.Length < HeaderBytes)
            throw new IndexFormatException("completion section too short");
        int nodes = (int)BinaryPrimitives.ReadUInt32LittleEndian(c[4..]);
        int topsAt = HeaderBytes + nodes * NodeBytes;
        if ((long)topsAt > c.Length)
            throw new IndexFormatException("completion section too short");
        if (nodes == 0 || terms == 0 || top == 0)
            return [];
        int node = 0;
        for (int d = 0; d <= prefix.Length; d++)
        {
            ReadOnlySpan<byte> n = c.Slice(HeaderBytes + node * NodeBytes, NodeBytes);
            int lo = (int)BinaryPrimitives.ReadUInt32LittleEndian(n), hi = (int)BinaryPrimitives.ReadUInt32LittleEndian(n[4..]);
            if (lo < 0 || hi > terms || lo > hi)
                throw new IndexFormatException("a completion node is out of range");
            if (d == prefix.Length)
            {
                int topCount = n[17];
                if (top <= topCount)
                {
                    int at = BinaryPrimitives.ReadInt32LittleEndian(n[12..]);
                    if (at < 0 || topsAt + 4L * (at + topCount) > c.Length)
                        throw new IndexFormatException("a completion list is out of range");
                    var answer = new List<int>(top);
                    for (int i = 0; i < top; i++)
                    {
                        int t = BinaryPrimitives.ReadInt32LittleEndian(c[(topsAt + 4 * (at + i))..]);
                        answer.Add((uint)t < (uint)terms ? t : throw new IndexFormatException("a completion entry is out of range"));
                    }
                    return answer;
                }
                TTable all = table;
                return Top(t => all.Frequency(t), lo, hi, top);
            }
            int first = (int)BinaryPrimitives.ReadUInt32LittleEndian(n[8..]), children = BinaryPrimitives.ReadUInt16LittleEndian(n[18..]);
            int next = -1;
            for (int k = 0; k < children && first + k < nodes; k++)
            {
                if (c[HeaderBytes + (first + k) * NodeBytes + 16] == prefix[d])
                {
                    next = first + k;
                    break;
                }
            }
            if (next < 0)
            {
                // Off the trie: the prefix covers at most Stored terms within this node's range.
                (int from, int to) = PrefixRange(table, prefix, lo, hi);
                TTable all = table;
                return Top(t => all.Frequency(t), from, to, top);
            }
            node = next;
        }
        return [];
    }

    /// <summary>The range of terms in [<paramref name="lo"/>, <paramref name="hi"/>) that start with <paramref name="prefix"/>, by bisection.</summary>
    public static (int From, int To) PrefixRange<TTable>(TTable table, ReadOnlySpan<byte> prefix, int lo, int hi) where TTable : ITermTable
    {
        int a = lo, b = hi;
        while (a < b)
        {
            int mid = (a + b) >>> 1;
            if (table.Bytes(mid).SequenceCompareTo(prefix) < 0)
                a = mid + 1;
            else
                b = mid;
        }
        int from = a;
        b = hi;
        while (a < b)
        {
            int mid = (a + b) >>> 1;
            if (table.Bytes(mid).StartsWith(prefix))
                a = mid + 1;
            else
                b = mid;
        }
        return (from, a);
    }

    public static List<int> Top(Func<int, long> frequency, int lo, int hi, int top)
    {
        // A min-heap of the best so far: its root is the worst kept.
        var heap = new PriorityQueue<int, (long F, int T)>(Comparer<(long F, int T)>.Create((x, y) =>
            x.F != y.F ? x.F.CompareTo(y.F) : y.T.CompareTo(x.T)));
        for (int i = lo; i < hi; i++)
        {
            long f = frequency(i);
            if (heap.Count < top)
                heap.Enqueue(i, (f, i));
            else if (top > 0 && heap.TryPeek(out int worst, out (long F, int T) w) && Better(f, i, w.F, worst))
                heap.EnqueueDequeue(i, (f, i));
        }
        var result = new List<int>(heap.Count);
        while (heap.Count > 0)
            result.Add(heap.Dequeue());
        result.Reverse();
        return result;
    }
}
