using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
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
/// The engine of <c>hyper distinct</c>: streams files (or stdin) through a fixed 1 MiB buffer, hashes each line (or its
/// N-th whitespace-separated field) with XxHash3 and adds the hashes to a sketch in batches. Memory is the sketch and
/// the buffer, whatever the input's size (a line longer than the buffer grows it).
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
    public static DistinctReport Count(IEnumerable<Func<Stream>> inputs, int? field, string sketchName, int precision)
    {
        if (field is < 1)
            throw new SpecException($"--field {field} must be 1 or more");
        IDistinctSketch sketch = Create(sketchName, precision);
        var reader = new LineHasher(sketch, field);
        foreach (Func<Stream> open in inputs)
        {
            using Stream stream = open();
            reader.Feed(stream);
        }
        reader.Finish();
        return new DistinctReport(sketch.Estimate(), sketch.Error95(), sketch.Kind, precision, sketch.StateBytes, reader.Items, reader.Skipped);
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
                int consumed = Lines(_buffer.AsSpan(0, filled));
                _buffer.AsSpan(consumed, filled - consumed).CopyTo(_buffer);
                filled -= consumed;
            }
            // The last line of a file needs no newline; each file ends its own last line.
            if (filled > 0)
                Line(_buffer.AsSpan(0, filled));
        }

        /// <summary>Handles every complete line of <paramref name="data"/>; returns the bytes used.</summary>
        private int Lines(ReadOnlySpan<byte> data)
        {
            int start = 0;
            while (true)
            {
                int nl = data[start..].IndexOf((byte)'\n');
                if (nl < 0)
                    return start;
                Line(data.Slice(start, nl));
                start += nl + 1;
            }
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
            _batch[_batched++] = XxHash3.HashToUInt64(line);
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
