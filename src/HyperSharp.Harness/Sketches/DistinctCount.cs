using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using HyperSharp.Ladder;
using HyperSharp.Sketches;

namespace HyperSharp.Harness.Sketches;

/// <summary>What <c>hyper distinct</c> found: the estimate, its 95 % half-width as a fraction, the sketch and what was read.</summary>
public sealed record DistinctReport(double Estimate, double Error95, string Sketch, int Precision, long SketchBytes, long Items, long Skipped)
{
    /// <summary>One JSON object: estimate, error_95, sketch, precision, sketch_bytes, items, skipped.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("estimate", Math.Round(Estimate));
            json.WriteNumber("error_95", Math.Round(Error95, 6));
            json.WriteString("sketch", Sketch);
            if (Sketch != "exact")
                json.WriteNumber("precision", Precision);
            json.WriteNumber("sketch_bytes", SketchBytes);
            json.WriteNumber("items", Items);
            json.WriteNumber("skipped", Skipped);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The line a person reads.</summary>
    public string ToText(string what)
    {
        string count = Math.Round(Estimate).ToString("N0", CultureInfo.InvariantCulture);
        string items = Items.ToString("N0", CultureInfo.InvariantCulture);
        string skipped = Skipped > 0 ? $", {Skipped.ToString("N0", CultureInfo.InvariantCulture)} without the field skipped" : "";
        return Sketch == "exact"
            ? $"{count} distinct {what} (exact; {Units.Bytes(SketchBytes)} of hashes; {items} {what} read{skipped})"
            : $"≈ {count} distinct {what} (± {Error95 * 100:F2} % at 95 %; {Sketch} precision {Precision}, {Units.Bytes(SketchBytes)}; {items} {what} read{skipped})";
    }
}

/// <summary>
/// The engine of <c>hyper distinct</c>: streams files (or stdin) through a fixed 1 MiB buffer per thread, hashes each
/// line (or its N-th whitespace-separated field) with XxHash3 and adds the hashes to a sketch in batches. A regular file
/// is split into one byte range per thread, each range's lines counted into a sketch of its own, the sketches merged at
/// the end (mergeable sketches make the parallel count equal to the serial one). Memory is the sketches and the
/// buffers, whatever the input's size (a line longer than the buffer grows it).
/// </summary>
public static class DistinctCount
{
    /// <summary>The sketches <c>--sketch</c> takes.</summary>
    public static IReadOnlyList<string> Sketches { get; } = ["ull", "hll", "exact"];

    /// <summary>The default precision: 2^14 registers, Redis's size for HyperLogLog (16 KiB as UltraLogLog).</summary>
    public const int DefaultPrecision = 14;

    internal const int BufferBytes = 1 << 20;
    private const int BatchSize = 1024;

    /// <summary>The sketch <paramref name="name"/> at <paramref name="precision"/>, or a one-line error.</summary>
    public static IDistinctSketch Create(string name, int precision) => name switch
    {
        "ull" => precision is >= UltraLogLog.MinPrecision and <= UltraLogLog.MaxPrecision
            ? new UltraLogLog(precision)
            : throw new SpecException($"--precision {precision} is out of range for ull ({UltraLogLog.MinPrecision} to {UltraLogLog.MaxPrecision})"),
        "hll" => precision is >= HyperLogLog.MinPrecision and <= HyperLogLog.MaxPrecision
            ? new HyperLogLog(precision)
            : throw new SpecException($"--precision {precision} is out of range for hll ({HyperLogLog.MinPrecision} to {HyperLogLog.MaxPrecision})"),
        "exact" => new ExactDistinct(),
        _ => throw new SpecException($"unknown sketch '{name}' (sketches: {string.Join(", ", Sketches)})"),
    };

    /// <summary>Counts the distinct lines (or fields <paramref name="field"/>, 1-based) of every stream in turn.</summary>
    /// <param name="inputs">Opens each input; a seekable <see cref="FileStream"/> of 4 MiB or more is read in parallel ranges.</param>
    /// <param name="field">The field to count, or null for whole lines.</param>
    /// <param name="sketchName">One of <see cref="Sketches"/>.</param>
    /// <param name="precision">The sketch's precision.</param>
    /// <param name="threads">Threads for a regular file (1: one pass in order).</param>
    public static DistinctReport Count(IEnumerable<Func<Stream>> inputs, int? field, string sketchName, int precision, int threads = 1)
    {
        if (field is < 1)
            throw new SpecException($"--field {field} must be 1 or more");
        if (threads < 1)
            throw new SpecException($"--threads {threads} must be 1 or more");
        IDistinctSketch sketch = Create(sketchName, precision);
        // One hasher (and sketch) per thread, kept across the inputs; the first also reads the streams.
        var hashers = new LineHasher[threads];
        hashers[0] = new LineHasher(sketch, field);
        foreach (Func<Stream> open in inputs)
        {
            using Stream stream = open();
            if (threads > 1 && stream is FileStream { CanSeek: true } file && file.Length >= ParallelMinBytes)
                FeedRanges(file, hashers, () => new LineHasher(Create(sketchName, precision), field));
            else
                hashers[0].Feed(stream);
        }
        long items = 0, skipped = 0;
        foreach (LineHasher? hasher in hashers)
        {
            if (hasher is null)
                continue;
            hasher.Finish();
            if (hasher.Sketch != sketch)
                sketch.Merge(hasher.Sketch);
            items += hasher.Items;
            skipped += hasher.Skipped;
        }
        return new DistinctReport(sketch.Estimate(), sketch.Error95(), sketch.Kind, precision, sketch.StateBytes, items, skipped);
    }

    /// <summary>Below this a file is read by one thread: splitting it would cost more than it saves.</summary>
    internal const long ParallelMinBytes = 4 << 20;

    /// <summary>Splits the file into one byte range per hasher; each counts the lines that start in its range.</summary>
    private static void FeedRanges(FileStream file, LineHasher[] hashers, Func<LineHasher> make)
    {
        long length = file.Length;
        int k = hashers.Length;
        for (int i = 0; i < k; i++)
            hashers[i] ??= make();
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = k },
            i => hashers[i].FeedRange(file.SafeFileHandle, length * i / k, length * (i + 1) / k));
    }

    /// <summary>Opens every path up front, so a missing file is a one-line error before any reading.</summary>
    public static IReadOnlyList<Func<Stream>> Open(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
            return [Console.OpenStandardInput];
        var opens = new List<Func<Stream>>();
        foreach (string path in paths)
        {
            if (path == "-")
            {
                opens.Add(Console.OpenStandardInput);
                continue;
            }
            if (Directory.Exists(path))
                throw new SpecException($"{path} is a directory, not a file");
            if (!File.Exists(path))
                throw new SpecException($"no such file: {path}");
            opens.Add(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));
        }
        return opens;
    }

    /// <summary>Splits a byte stream into lines across buffer boundaries and adds their hashes in batches.</summary>
    internal sealed class LineHasher(IDistinctSketch sketch, int? field)
    {
        public IDistinctSketch Sketch => sketch;

        private byte[] _buffer = new byte[BufferBytes];
        private readonly ulong[] _batch = new ulong[BatchSize];
        private int _batched;

        public long Items { get; private set; }
        public long Skipped { get; private set; }

        public void Feed(Stream stream)
        {
            int filled = 0;
            while (true)
            {
                if (filled == _buffer.Length)
                    Array.Resize(ref _buffer, _buffer.Length * 2); // one line longer than the buffer
                int read = stream.Read(_buffer, filled, _buffer.Length - filled);
                if (read == 0)
                    break;
                filled += read;
                int consumed = Lines(_buffer.AsSpan(0, filled), int.MaxValue);
                _buffer.AsSpan(consumed, filled - consumed).CopyTo(_buffer);
                filled -= consumed;
            }
            // The last line of a file needs no newline; each file ends its own last line.
            if (filled > 0)
                Line(_buffer.AsSpan(0, filled));
        }

        /// <summary>
        /// Counts the lines that start in [<paramref name="start"/>, <paramref name="end"/>) of the file, reading on
        /// past the end to finish the last: a line starting at p belongs to the range holding p, so the ranges of one
        /// file count each line once, wherever they cut it.
        /// </summary>
        public void FeedRange(SafeFileHandle file, long start, long end)
        {
            long position = start > 0 ? AfterNewline(file, start - 1) : 0; // the first line starting at or after start
            int filled = 0;
            while (position < end) // position: the file offset of _buffer[0], always a line's start
            {
                if (filled == _buffer.Length)
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                int read = RandomAccess.Read(file, _buffer.AsSpan(filled), position + filled);
                if (read == 0)
                {
                    if (filled > 0)
                        Line(_buffer.AsSpan(0, filled)); // the file's last line, without a newline
                    return;
                }
                filled += read;
                long limit = end - position;
                int consumed = Lines(_buffer.AsSpan(0, filled), limit > int.MaxValue ? int.MaxValue : (int)limit);
                _buffer.AsSpan(consumed, filled - consumed).CopyTo(_buffer);
                filled -= consumed;
                position += consumed;
            }
        }

        /// <summary>The offset after the first newline at or after <paramref name="offset"/> (the file's length if none).</summary>
        private long AfterNewline(SafeFileHandle file, long offset)
        {
            while (true)
            {
                int read = RandomAccess.Read(file, _buffer, offset);
                if (read == 0)
                    return offset;
                int nl = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
                if (nl >= 0)
                    return offset + nl + 1;
                offset += read;
            }
        }

        /// <summary>Handles every complete line of <paramref name="data"/> that starts before <paramref name="limit"/>; returns the bytes used.</summary>
        private int Lines(ReadOnlySpan<byte> data, int limit)
        {
            // Short lines (a few bytes each) make one IndexOf call per line the cost; a bitmask of the newlines of
            // 64 bytes at a time, walked bit by bit, finds them without a call. The tail, and a CPU without 256-bit
            // vectors, take IndexOf.
            int start = 0, scanned = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref byte b = ref MemoryMarshal.GetReference(data);
                for (; scanned + 64 <= data.Length; scanned += 64)
                {
                    for (ulong mask = NewlineMask(ref b, (nuint)scanned); mask != 0; mask &= mask - 1)
                    {
                        if (start >= limit)
                            return start;
                        int nl = scanned + BitOperations.TrailingZeroCount(mask);
                        Line(data.Slice(start, nl - start));
                        start = nl + 1;
                    }
                    if (start >= limit)
                        return start;
                }
            }
            while (start < limit)
            {
                int nl = data[scanned..].IndexOf((byte)'\n');
                if (nl < 0)
                    return start;
                nl += scanned;
                Line(data.Slice(start, nl - start));
                start = scanned = nl + 1;
            }
            return start;
        }

        /// <summary>Bit i set where byte <paramref name="offset"/> + i is a newline, for i in 0..63.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong NewlineMask(ref byte b, nuint offset)
        {
            if (Vector512.IsHardwareAccelerated)
                return Vector512.Equals(Vector512.LoadUnsafe(ref b, offset), Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
            Vector256<byte> newline = Vector256.Create((byte)'\n');
            ulong low = Vector256.Equals(Vector256.LoadUnsafe(ref b, offset), newline).ExtractMostSignificantBits();
            ulong high = Vector256.Equals(Vector256.LoadUnsafe(ref b, offset + 32), newline).ExtractMostSignificantBits();
            return low | (high << 32);
        }

        private void Line(ReadOnlySpan<byte> line)
        {
            if (field is int n)
            {
                if (!TryField(line, n, out line))
                {
                    Skipped++;
                    return;
                }
            }
            Items++;
            _batch[_batched++] = SketchHash.Of(line);
            if (_batched == _batch.Length)
                Finish();
        }

        public void Finish()
        {
            sketch.AddHashes(_batch.AsSpan(0, _batched));
            _batched = 0;
        }

        /// <summary>The n-th (1-based) field of a line split on runs of spaces, tabs and a carriage return, as awk does.</summary>
        internal static bool TryField(ReadOnlySpan<byte> line, int n, out ReadOnlySpan<byte> value)
        {
            ReadOnlySpan<byte> blanks = " \t\r"u8;
            for (int i = 1; ; i++)
            {
                int begin = line.IndexOfAnyExcept(blanks);
                if (begin < 0)
                {
                    value = default;
                    return false;
                }
                line = line[begin..];
                int end = line.IndexOfAny(blanks);
                if (end < 0)
                    end = line.Length;
                if (i == n)
                {
                    value = line[..end];
                    return true;
                }
                line = line[end..];
            }
        }
    }
}
