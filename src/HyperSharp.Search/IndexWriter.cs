using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using static HyperSharp.Search.IndexLayout;

namespace HyperSharp.Search;

/// <summary>Writes an <see cref="IndexContent"/> in the layout of <see cref="IndexLayout"/>, streaming each section once.</summary>
internal static class IndexWriter
{
    public static long Write(string path, IndexContent content) => AtomicWrite.Write(path, stream => Write(stream, content));

    private sealed class SectionSink(Stream stream)
    {
        private readonly XxHash3 _hash = new();
        public long Offset { get; } = stream.Position;
        public long Length { get; private set; }

        public void Add(ReadOnlySpan<byte> bytes)
        {
            stream.Write(bytes);
            _hash.Append(bytes);
            Length += bytes.Length;
        }

        public void U32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            Add(b);
        }

        public void U64(ulong v)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
            Add(b);
        }

        public void U32s(List<uint> values)
        {
            byte[] buffer = new byte[4 * 4096];
            for (int i = 0; i < values.Count; i += 4096)
            {
                int n = Math.Min(4096, values.Count - i);
                for (int j = 0; j < n; j++)
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4 * j), values[i + j]);
                Add(buffer.AsSpan(0, 4 * n));
            }
        }

        /// <summary>Pads the file (not the section) to 8 bytes, so the next section starts aligned.</summary>
        public (long Offset, long Length, ulong Hash) End()
        {
            while (stream.Position % 8 != 0)
                stream.WriteByte(0);
            return (Offset, Length, _hash.GetCurrentHashAsUInt64());
        }
    }

    private static void Write(FileStream stream, IndexContent content)
    {
        int header = HeaderBytes(Sections.Length);
        stream.Write(new byte[header]);
        while (stream.Position % 8 != 0)
            stream.WriteByte(0);
        var table = new Dictionary<Section, (long Offset, long Length, ulong Hash)>();

        var docs = new SectionSink(stream);
        docs.U32((uint)content.Lengths.Count);
        docs.U32(0);
        docs.U64((ulong)content.Tokens);
        docs.U32s(content.Lengths);
        docs.U32s(content.Sources);
        docs.U32s(content.Lines);
        table[Section.Documents] = docs.End();

        table[Section.Sources] = Strings(stream, content.Paths.Select(p => Encoding.UTF8.GetBytes(p)).ToList());

        // Terms in UTF-8 byte order: a prefix is then one contiguous range, for completion and for bisection.
        byte[][] names = content.Terms.Select(t => Encoding.UTF8.GetBytes(t.Term)).ToArray();
        int[] order = Enumerable.Range(0, names.Length).ToArray();
        Array.Sort(order, (a, b) => names[a].AsSpan().SequenceCompareTo(names[b]));
        table[Section.Names] = Strings(stream, order.Select(i => names[i]).ToList());

        var postings = new SectionSink(stream);
        byte[] entries = new byte[order.Length * TermEntryBytes];
        var region = new PostingsEncoder(content.Lengths, content.Lengths.Count == 0 ? 0 : (double)content.Tokens / content.Lengths.Count);
        for (int k = 0; k < order.Length; k++)
        {
            TermPostings t = content.Terms[order[k]];
            ReadOnlySpan<byte> bytes = region.Encode(t, out float saturation);
            Span<byte> e = entries.AsSpan(k * TermEntryBytes, TermEntryBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)t.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], XxHash32.HashToUInt32(bytes));
            BinaryPrimitives.WriteUInt64LittleEndian(e[8..], (ulong)t.CollectionFrequency);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], (ulong)postings.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(e[24..], (ulong)bytes.Length);
            BinaryPrimitives.WriteSingleLittleEndian(e[32..], saturation);
            postings.Add(bytes);
        }
        table[Section.Postings] = postings.End();

        var terms = new SectionSink(stream);
        terms.Add(entries);
        table[Section.Terms] = terms.End();

        var completion = new SectionSink(stream);
        completion.Add(CompletionTrie.Build(order.Select(i => names[i]).ToArray(), order.Select(i => content.Terms[i].CollectionFrequency).ToArray()));
        table[Section.Completion] = completion.End();

        long length = stream.Position;
        byte[] head = new byte[header];
        Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), (uint)Sections.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(16), (ulong)length);
        for (int s = 0; s < Sections.Length; s++)
        {
            Span<byte> e = head.AsSpan(24 + s * SectionEntryBytes, SectionEntryBytes);
            (long offset, long len, ulong hash) = table[Sections[s]];
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)Sections[s]);
            BinaryPrimitives.WriteUInt64LittleEndian(e[8..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], (ulong)len);
            BinaryPrimitives.WriteUInt64LittleEndian(e[24..], hash);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(header - 8), XxHash3.HashToUInt64(head.AsSpan(0, header - 8)));
        stream.Position = 0;
        stream.Write(head);
        stream.Position = length;
    }

    private static (long, long, ulong) Strings(Stream stream, List<byte[]> strings)
    {
        var sink = new SectionSink(stream);
        sink.U32((uint)strings.Count);
        var offsets = new List<uint>(strings.Count + 1);
        uint at = 0;
        offsets.Add(0);
        foreach (byte[] s in strings)
        {
            at = checked(at + (uint)s.Length);
            offsets.Add(at);
        }
        sink.U32s(offsets);
        foreach (byte[] s in strings)
            sink.Add(s);
        return sink.End();
    }
}

/// <summary>
/// Encodes one term's postings: skip table, bit-packed blocks of gaps and frequencies, varint positions. Each skip
/// entry carries the block's largest BM25 saturation (<see cref="Bm25.Saturation"/>, rounded up to a float) under the
/// index's mean length <paramref name="averageLength"/>: the bound top-k search skips blocks by.
/// </summary>
internal sealed class PostingsEncoder(List<uint> lengths, double averageLength)
{
    private readonly List<byte> _blocks = [];
    private readonly List<byte> _positions = [];
    private byte[] _out = new byte[1024];
    private readonly uint[] _values = new uint[BitPacking.BlockSize];
    private readonly byte[] _packed = new byte[BitPacking.BlockSize * 4];

    public ReadOnlySpan<byte> Encode(TermPostings t, out float termSaturation)
    {
        termSaturation = 0;
        _blocks.Clear();
        _positions.Clear();
        int blocks = (t.Count + BitPacking.BlockSize - 1) / BitPacking.BlockSize;
        var skip = new byte[blocks * IndexLayout.SkipEntryBytes];
        int skipBytes = skip.Length;
        int previous = -1, position = 0;
        for (int b = 0; b < blocks; b++)
        {
            int start = b * BitPacking.BlockSize, n = Math.Min(BitPacking.BlockSize, t.Count - start);
            Span<byte> entry = skip.AsSpan(b * IndexLayout.SkipEntryBytes, IndexLayout.SkipEntryBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)t.Docs[start + n - 1]);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], (uint)(skipBytes + _blocks.Count));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)_positions.Count);
            double most = 0;
            for (int i = 0; i < n; i++)
                most = Math.Max(most, Bm25.Saturation(t.Freqs[start + i], lengths[t.Docs[start + i]], averageLength));
            float saturation = Bm25.RoundUp(most);
            BinaryPrimitives.WriteSingleLittleEndian(entry[12..], saturation);
            termSaturation = Math.Max(termSaturation, saturation);
            Span<uint> values = _values.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                values[i] = (uint)(t.Docs[start + i] - previous - 1);
                previous = t.Docs[start + i];
            }
            Block(values);
            for (int i = 0; i < n; i++)
                values[i] = (uint)(t.Freqs[start + i] - 1);
            Block(values);
            for (int i = 0; i < n; i++)
            {
                int last = 0;
                for (int f = 0; f < t.Freqs[start + i]; f++, position++)
                {
                    BitPacking.WriteVarint(_positions, (uint)(t.Positions[position] - last));
                    last = t.Positions[position];
                }
            }
        }
        int total = skipBytes + _blocks.Count + _positions.Count;
        if (_out.Length < total)
            _out = new byte[Math.Max(total, _out.Length * 2)];
        // The positions offsets were relative to the positions list: shift them past the skip table and the blocks.
        for (int b = 0; b < blocks; b++)
        {
            Span<byte> at = skip.AsSpan(b * IndexLayout.SkipEntryBytes + 8);
            BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)(BinaryPrimitives.ReadUInt32LittleEndian(at) + skipBytes + _blocks.Count));
        }
        skip.CopyTo(_out, 0);
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_blocks).CopyTo(_out.AsSpan(skipBytes));
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_positions).CopyTo(_out.AsSpan(skipBytes + _blocks.Count));
        return _out.AsSpan(0, total);
    }

    private void Block(ReadOnlySpan<uint> values)
    {
        int bits = BitPacking.BitsFor(values);
        int bytes = BitPacking.PackedBytes(values.Length, bits);
        _packed.AsSpan(0, bytes).Clear();
        BitPacking.Pack(values, bits, _packed);
        _blocks.Add((byte)bits);
        _blocks.AddRange(_packed.AsSpan(0, bytes));
    }
}
