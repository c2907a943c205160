using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace HyperSharp.Cluster.WordCount;

/// <summary>A byte range of one file; its records are the lines that start in it (see <see cref="TextPartitions"/>).</summary>
/// <param name="Id">The partition's number in its job, 0-based: what its result is keyed by.</param>
/// <param name="Path">The file.</param>
/// <param name="Start">First byte of the nominal range.</param>
/// <param name="End">One past its last byte.</param>
internal sealed record TextPartition(int Id, string Path, long Start, long End)
{
    /// <summary>Nominal bytes of the range.</summary>
    public long Bytes => End - Start;
}

/// <summary>
/// Files split into byte ranges at record boundaries: a range <c>[start, end)</c> owns every line that starts in it,
/// so the ranges of a file tile it exactly whatever the cut points, and no token (never longer than a line) is cut or
/// read twice. A range is read in chunks of whole lines, so each chunk is mapped on its own.
/// </summary>
internal static class TextPartitions
{
    /// <summary>Bytes read per chunk: short enough to count in well under a second on a slow core.</summary>
    public const int DefaultChunkBytes = 4 << 20;

    /// <summary>
    /// The files cut into about <paramref name="count"/> ranges of equal bytes (a file never shares a range; a file
    /// smaller than the share is one range; an empty file none).
    /// </summary>
    public static IReadOnlyList<TextPartition> Split(IReadOnlyList<string> files, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        long[] lengths = files.Select(f => new FileInfo(f).Length).ToArray();
        long total = lengths.Sum();
        long share = Math.Max(1, (total + count - 1) / count);
        var parts = new List<TextPartition>();
        for (int f = 0; f < files.Count; f++)
        {
            for (long start = 0; start < lengths[f]; start += share)
                parts.Add(new TextPartition(parts.Count, files[f], start, Math.Min(lengths[f], start + share)));
        }
        return parts;
    }

    /// <summary>Where the first line starting at or after <paramref name="position"/> begins (the file's length if none).</summary>
    public static long Align(SafeFileHandle file, long position, long length)
    {
        if (position <= 0)
            return 0;
        if (position >= length)
            return length;
        Span<byte> buffer = stackalloc byte[4096];
        // A line starts at position when the byte before it ends one.
        for (long p = position - 1; p < length;)
        {
            int read = RandomAccess.Read(file, buffer, p);
            if (read == 0)
                break;
            int nl = buffer[..read].IndexOf((byte)'\n');
            if (nl >= 0)
                return p + nl + 1;
            p += read;
        }
        return length;
    }

    /// <summary>
    /// Counts one chunk of <paramref name="partition"/> into <paramref name="table"/> per call of the returned
    /// reader's <see cref="ChunkReader.Next"/>, until it returns false.
    /// </summary>
    public static ChunkReader Open(TextPartition partition, int chunkBytes = DefaultChunkBytes) => new(partition, chunkBytes);

    /// <summary>Counts the whole of <paramref name="partition"/> into <paramref name="table"/>.</summary>
    public static void Count(TextPartition partition, WordTable table, int chunkBytes = DefaultChunkBytes)
    {
        using ChunkReader reader = Open(partition, chunkBytes);
        while (reader.Next(table))
        {
        }
    }

    /// <summary>A partition read chunk by chunk; each chunk is whole lines (a line longer than the buffer grows it).</summary>
    public sealed class ChunkReader : IDisposable
    {
        private readonly SafeFileHandle _file;
        private readonly long _end;
        private byte[] _buffer;
        private int _limit; // the chunk's size: the pool may hand out a larger buffer
        private long _position;
        private int _carried;
        private int _cut;

        internal ChunkReader(TextPartition partition, int chunkBytes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 16);
            _file = File.OpenHandle(partition.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            long length = RandomAccess.GetLength(_file);
            _position = Align(_file, partition.Start, length);
            _end = Align(_file, partition.End, length);
            // Pooled: a fresh 4 MiB buffer per partition lands on the large-object heap, and enough of them trigger
            // full collections during a job.
            _buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
            _limit = chunkBytes;
        }

        /// <summary>The next chunk (valid until the next call); false when the partition is done.</summary>
        public bool Next(out ReadOnlySpan<byte> chunk)
        {
            // What the last chunk left after its final separator starts the next one.
            _buffer.AsSpan(_cut, _carried).CopyTo(_buffer);
            _cut = 0;
            while (true)
            {
                int want = (int)Math.Min(_limit - _carried, _end - _position);
                int read = want == 0 ? 0 : RandomAccess.Read(_file, _buffer.AsSpan(_carried, want), _position);
                _position += read;
                int filled = _carried + read;
                if (filled == 0)
                {
                    chunk = default;
                    return false;
                }
                bool last = _position >= _end || read == 0;
                int cut = last ? filled : LastSeparator(_buffer.AsSpan(0, filled)) + 1;
                if (cut == 0)
                {
                    // One line longer than the chunk: read on with a chunk twice as long.
                    _limit *= 2;
                    if (_limit > _buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(_limit);
                        _buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(_buffer);
                        _buffer = larger;
                    }
                    _carried = filled;
                    continue;
                }
                chunk = _buffer.AsSpan(0, cut);
                _cut = cut;
                _carried = filled - cut;
                return true;
            }
        }

        /// <summary>Counts the next chunk's words into <paramref name="table"/>; false when the partition is done.</summary>
        public bool Next(WordTable table)
        {
            if (!Next(out ReadOnlySpan<byte> chunk))
                return false;
            table.CountText(chunk);
            return true;
        }

        /// <summary>Chunks end at a line's end: whole records for any mapper (and a newline always ends a token).</summary>
        private static int LastSeparator(ReadOnlySpan<byte> bytes) => bytes.LastIndexOf((byte)'\n');

        /// <inheritdoc/>
        public void Dispose()
        {
            _file.Dispose();
            if (_buffer.Length > 0)
                ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
