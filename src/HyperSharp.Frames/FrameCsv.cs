using System.Globalization;
using nietras.SeparatedValues;

namespace HyperSharp.Frames;

/// <summary>A CSV file that cannot be read as a frame: the message names the source and the line.</summary>
public sealed class FrameFormatException : FormatException
{
    /// <summary>An error with its message.</summary>
    public FrameFormatException(string message) : base(message) { }

    /// <summary>An error with its message and cause.</summary>
    public FrameFormatException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An error without a message.</summary>
    public FrameFormatException() { }
}

/// <summary>
/// CSV through Sep: a header row, comma-separated, RFC 4180 quotes (a quoted field may hold commas, quotes and line
/// breaks), LF or CRLF, a final newline optional. Types are inferred from the first rows (int32 → int64 → double,
/// bool, ISO timestamp, else string); a later value that does not fit widens its column and the file is read again.
/// An empty field is null. A row with the wrong number of fields is an error naming its line.
/// </summary>
internal static class FrameCsv
{
    private const int SampleRows = 10_000;

    private enum Kind { Unknown, Int32, Int64, Double, Bool, Timestamp, String }

    /// <summary>Below this size a file is read on one thread: splitting it costs more than it saves.</summary>
    internal const long MinParallelBytes = 1 << 22;

    /// <param name="path">The file.</param>
    /// <param name="threads">Threads to parse with (0: every core).</param>
    /// <param name="minParallelBytes">The size from which the file is cut into ranges, each at least half of it (tests lower it).</param>
    public static DataFrame Read(string path, int threads, long minParallelBytes = MinParallelBytes)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"no such file: {path}", path);
        if (threads <= 0)
            threads = Environment.ProcessorCount;
        if (threads > 1 && new FileInfo(path).Length >= minParallelBytes && ReadParallel(path, threads, Math.Max(1, minParallelBytes / 2)) is { } frame)
            return frame;
        return ReadWith(() => Sep.New(',').Reader(Options).FromFile(path), path);
    }

    public static DataFrame ReadText(string text, string source) => ReadWith(() => Sep.New(',').Reader(Options).FromText(text), source);

    private static SepReaderOptions Options(SepReaderOptions o) => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true };

    private static DataFrame ReadWith(Func<SepReader> open, string source)
    {
        try
        {
            Kind[] kinds;
            using (SepReader sample = open())
                kinds = Sniff(sample, source);
            while (true)
            {
                // A value that does not fit its column widens the column; the file is then read again.
                using SepReader reader = open();
                if (TryParse(reader, source, kinds, out DataFrame? frame))
                    return frame;
            }
        }
        catch (InvalidDataException e)
        {
            throw new FrameFormatException($"{source}: {e.Message}", e);
        }
    }

    private static bool TryParse(SepReader reader, string source, Kind[] kinds, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataFrame? frame)
    {
        frame = null;
        IReadOnlyList<string> names = reader.Header.ColNames;
        int columns = names.Count;
        var builders = kinds.Select(k => new Builder(k)).ToArray();
        foreach (SepReader.Row row in reader)
        {
            if (row.ColCount != columns)
                throw Malformed(source, row, columns);
            for (int c = 0; c < columns; c++)
            {
                if (!builders[c].Add(row[c].Span))
                {
                    kinds[c] = Widen(kinds[c], row[c].Span);
                    return false;
                }
            }
        }
        frame = new DataFrame(names.Select((n, c) => new KeyValuePair<string, Column>(n, builders[c].Build())));
        return true;
    }

    /// <summary>
    /// The file cut into byte ranges at line starts, each parsed on its own thread with its own column builders, then
    /// joined in order (string dictionaries merged in first-appearance order, so the frame equals the sequential
    /// read's). Null when the sequential read must decide: the header holds a quote, a range boundary fell inside a
    /// quoted field (an odd number of quotes before it: Sep, like RFC 4180, toggles on every quote), or a range failed
    /// to parse (the sequential read then reports the error with its true line number).
    /// </summary>
    private static DataFrame? ReadParallel(string path, int threads, long rangeBytes)
    {
        Kind[] kinds;
        IReadOnlyList<string> names;
        bool[] unique;
        try
        {
            using SepReader sample = Sep.New(',').Reader(Options).FromFile(path);
            names = sample.Header.ColNames;
            kinds = Sniff(sample, path, out unique);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        long length = RandomAccess.GetLength(file);
        long headerEnd = HeaderEnd(file, length);
        if (headerEnd < 0)
            return null;
        // More ranges than threads, so a slow range does not leave a core idle at the end.
        int ranges = (int)Math.Clamp((length - headerEnd) / rangeBytes, 1, threads * 4);
        var bounds = new long[ranges + 1];
        bounds[0] = headerEnd;
        bounds[ranges] = length;
        for (int i = 1; i < ranges; i++)
            bounds[i] = Math.Max(bounds[i - 1], NextLineStart(file, headerEnd + (length - headerEnd) * i / ranges, length));
        // Each range's columns sized from the first rows' bytes per row (they still grow if the guess is short).
        double bytesPerRow = BytesPerRow(file, headerEnd, length);
        int capacity(int i) => (int)Math.Min(Array.MaxLength, (bounds[i + 1] - bounds[i]) / bytesPerRow * 1.05 + 1024);
        while (true)
        {
            var parts = new Part[ranges];
            Parallelism.Each(ranges, threads, i => parts[i] = ParsePart(file, bounds[i], bounds[i + 1], kinds, unique, names.Count, capacity(i)));
            long quotes = 0;
            for (int i = 0; i < ranges; i++)
            {
                if (parts[i].Failed || (quotes & 1) != 0)
                    return null;
                quotes += parts[i].Quotes;
            }
            if (parts.Any(p => p.Widened is not null))
            {
                // A value did not fit: widen its column as every range saw it, and read again.
                foreach (Part p in parts)
                    if (p.Widened is not null)
                        for (int c = 0; c < kinds.Length; c++)
                            kinds[c] = Join(kinds[c], p.Widened[c]);
                continue;
            }
            var columns = new Column[names.Count];
            Parallelism.Each(columns.Length, threads, c => columns[c] = Builder.Concat(parts.Select(p => p.Builders[c]).ToArray(), kinds[c], threads));
            return new DataFrame(names.Select((n, c) => new KeyValuePair<string, Column>(n, columns[c])));
        }
    }

    /// <summary>One byte range's builders, the quotes it held, and whether it failed or needed a wider kind.</summary>
    private sealed record Part(Builder[] Builders, long Quotes, bool Failed, Kind[]? Widened);

    private static Part ParsePart(Microsoft.Win32.SafeHandles.SafeFileHandle file, long start, long end, Kind[] kinds, bool[] unique, int columns, int capacity)
    {
        var builders = kinds.Select((k, c) => new Builder(k, capacity, unique[c] ? capacity : 0)).ToArray();
        var range = new RangeStream(file, start, end);
        try
        {
            // A large read buffer: each read of the range is a system call.
            using var text = new StreamReader(range, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            using SepReader reader = Sep.New(',').Reader(o => Options(o) with { HasHeader = false }).From(text);
            foreach (SepReader.Row row in reader)
            {
                if (row.ColCount != columns)
                    return new Part(builders, range.Quotes, Failed: true, null);
                for (int c = 0; c < columns; c++)
                {
                    if (!builders[c].Add(row[c].Span))
                    {
                        Kind[] widened = (Kind[])kinds.Clone();
                        widened[c] = Widen(kinds[c], row[c].Span);
                        return new Part(builders, range.Quotes, Failed: false, widened);
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            return new Part(builders, range.Quotes, Failed: true, null);
        }
        return new Part(builders, range.Quotes, Failed: false, null);
    }

    /// <summary>The mean length of the lines in the first 64 KiB after the header.</summary>
    private static double BytesPerRow(Microsoft.Win32.SafeHandles.SafeFileHandle file, long from, long length)
    {
        var buffer = new byte[(int)Math.Min(1 << 16, length - from)];
        int read = RandomAccess.Read(file, buffer, from);
        int lines = buffer.AsSpan(0, read).Count((byte)'\n');
        return lines == 0 ? Math.Max(read, 1) : (double)read / lines;
    }

    /// <summary>The offset just past the header line, or -1 when the header holds a quote (it might span lines).</summary>
    private static long HeaderEnd(Microsoft.Win32.SafeHandles.SafeFileHandle file, long length)
    {
        long line = NextLineStart(file, 0, length);
        Span<byte> buffer = stackalloc byte[4096];
        for (long at = 0; at < line; at += buffer.Length)
        {
            int read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, line - at)], at);
            if (buffer[..read].Contains((byte)'"'))
                return -1;
        }
        return line;
    }

    /// <summary>The offset just past the first '\n' at or after <paramref name="from"/>, or the length.</summary>
    private static long NextLineStart(Microsoft.Win32.SafeHandles.SafeFileHandle file, long from, long length)
    {
        Span<byte> buffer = stackalloc byte[4096];
        for (long at = from; at < length; at += buffer.Length)
        {
            int read = RandomAccess.Read(file, buffer, at);
            int newline = buffer[..read].IndexOf((byte)'\n');
            if (newline >= 0)
                return at + newline + 1;
            if (read == 0)
                break;
        }
        return length;
    }

    /// <summary>A read-only stream over a byte range of a file (positional reads, so ranges read in parallel), counting the quotes it passes.</summary>
    private sealed class RangeStream(Microsoft.Win32.SafeHandles.SafeFileHandle file, long start, long end) : Stream
    {
        private readonly long _start = start;
        private long _at = start;

        public long Quotes { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, end - _at);
            if (n <= 0)
                return 0;
            n = RandomAccess.Read(file, buffer[..n], _at);
            _at += n;
            Quotes += buffer[..n].Count((byte)'"');
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => end - _start;
        public override long Position { get => _at - _start; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static FrameFormatException Malformed(string source, SepReader.Row row, int columns) =>
        new($"{source}: line {row.LineNumberFrom}: {row.ColCount} fields, the header has {columns}");

    /// <summary>The header's checks and the types of the first <see cref="SampleRows"/> rows.</summary>
    private static Kind[] Sniff(SepReader reader, string source) => Sniff(reader, source, null, out _);

    /// <summary>
    /// As <see cref="Sniff(SepReader, string)"/>, and which string columns are nearly all distinct in those rows (an id
    /// per row): the ranges' dictionaries of those are sized for every row at once, rather than grown (and rehashed).
    /// </summary>
    private static Kind[] Sniff(SepReader reader, string source, out bool[] unique)
    {
        var distinct = new SpanInterner[reader.Header.ColNames.Count];
        for (int c = 0; c < distinct.Length; c++)
            distinct[c] = new SpanInterner();
        Kind[] kinds = Sniff(reader, source, distinct, out int rows);
        unique = kinds.Select((k, c) => k == Kind.String && rows >= 1000 && distinct[c].Count > 0.9 * rows).ToArray();
        return kinds;
    }

    private static Kind[] Sniff(SepReader reader, string source, SpanInterner[]? distinct, out int seen)
    {
        IReadOnlyList<string> names = reader.Header.ColNames;
        if (names.Count == 0)
            throw new FrameFormatException($"{source}: no header row");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new FrameFormatException($"{source}: two columns are named '{duplicate.Key}'");
        int columns = names.Count;
        var kinds = new Kind[columns];
        seen = 0;
        foreach (SepReader.Row row in reader)
        {
            if (row.ColCount != columns)
                throw Malformed(source, row, columns);
            for (int c = 0; c < columns; c++)
            {
                kinds[c] = Widen(kinds[c], row[c].Span);
                distinct?[c].Intern(row[c].Span);
            }
            if (++seen == SampleRows)
                break;
        }
        for (int c = 0; c < columns; c++)
            if (kinds[c] == Kind.Unknown)
                kinds[c] = Kind.String; // no value seen: an all-null column, typed as text
        return kinds;
    }

    /// <summary>The narrowest kind that holds both what <paramref name="kind"/> held and <paramref name="text"/>.</summary>
    private static Kind Widen(Kind kind, ReadOnlySpan<char> text)
    {
        return text.IsEmpty ? kind : Join(kind, KindOf(text));
    }

    /// <summary>The narrowest kind that holds the values of both kinds.</summary>
    private static Kind Join(Kind kind, Kind own)
    {
        if (kind == Kind.Unknown || kind == own)
            return own;
        if (own == Kind.Unknown)
            return kind;
        bool numeric(Kind k) => k is Kind.Int32 or Kind.Int64 or Kind.Double;
        if (numeric(kind) && numeric(own))
            return (Kind)Math.Max((int)kind, (int)own);
        return Kind.String;
    }

    private static Kind KindOf(ReadOnlySpan<char> text)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            return Kind.Int32;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            return Kind.Int64;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return Kind.Double;
        if (TryBool(text, out _))
            return Kind.Bool;
        if (TryTimestamp(text, out _))
            return Kind.Timestamp;
        return Kind.String;
    }

    private static bool TryBool(ReadOnlySpan<char> text, out bool value)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }
        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryTimestamp(ReadOnlySpan<char> text, out long micros)
    {
        micros = 0;
        // Only ISO dates (2024-01-31, 2024-01-31T08:00:00Z): a date parser would also take "1/2".
        if (text.Length < 10 || text[4] != '-' || text[7] != '-' || !char.IsAsciiDigit(text[0]))
            return false;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t))
            return false;
        micros = TimestampColumn.ToMicros(t);
        return true;
    }

    /// <summary>One column's values as they are read, in its inferred kind.</summary>
    private sealed class Builder(Kind kind, int capacity = 1024, int distinct = 0)
    {
        private int[] _ints = kind == Kind.Int32 ? new int[capacity] : [];
        private long[] _longs = kind is Kind.Int64 or Kind.Timestamp ? new long[capacity] : [];
        private double[] _doubles = kind == Kind.Double ? new double[capacity] : [];
        private bool[] _bools = kind == Kind.Bool ? new bool[capacity] : [];
        private int[] _codes = kind == Kind.String ? new int[capacity] : [];
        private readonly SpanInterner _strings = new(distinct);
        private ulong[]? _nulls; // made at the first null: most columns have none
        private int _count;

        public bool Add(ReadOnlySpan<char> text)
        {
            int i = _count;
            if (i == Capacity)
                Grow();
            if (text.IsEmpty)
            {
                _nulls ??= new ulong[Bits.Words(Capacity)];
                Bits.Set(_nulls, i);
                _count++;
                return true;
            }
            bool ok;
            switch (kind)
            {
                case Kind.Int32: ok = CsvValues.TryInt32(text, out _ints[i]); break;
                case Kind.Int64: ok = CsvValues.TryInt64(text, out _longs[i]); break;
                case Kind.Double: ok = CsvValues.TryDouble(text, out _doubles[i]); break;
                case Kind.Bool: ok = TryBool(text, out _bools[i]); break;
                case Kind.Timestamp: ok = TryTimestamp(text, out _longs[i]); break;
                default:
                    _codes[i] = _strings.Intern(text);
                    ok = true;
                    break;
            }
            if (!ok)
                return false;
            _count++;
            return true;
        }

        private int Capacity => kind switch
        {
            Kind.Int32 => _ints.Length,
            Kind.Int64 or Kind.Timestamp => _longs.Length,
            Kind.Double => _doubles.Length,
            Kind.Bool => _bools.Length,
            _ => _codes.Length,
        };

        private void Grow()
        {
            int size = (int)Math.Min(Array.MaxLength, Math.Max(1024L, Capacity * 2L));
            if (_nulls is not null)
                Array.Resize(ref _nulls, Bits.Words(size));
            switch (kind)
            {
                case Kind.Int32: Array.Resize(ref _ints, size); break;
                case Kind.Int64 or Kind.Timestamp: Array.Resize(ref _longs, size); break;
                case Kind.Double: Array.Resize(ref _doubles, size); break;
                case Kind.Bool: Array.Resize(ref _bools, size); break;
                default: Array.Resize(ref _codes, size); break;
            }
        }

        /// <summary>Clears in <paramref name="valid"/> the bits of this builder's null rows, its first row at <paramref name="offset"/>.</summary>
        private void ClearNulls(ulong[] valid, int offset)
        {
            if (_nulls is null)
                return;
            for (int i = 0; i < _count; i++)
                if (Bits.Get(_nulls, i))
                    Bits.Clear(valid, offset + i);
        }

        /// <summary>The column of <paramref name="parts"/> one after another, as one builder fed all their rows would build.</summary>
        public static Column Concat(Builder[] parts, Kind kind, int threads)
        {
            long total = parts.Sum(p => (long)p._count);
            if (total > Array.MaxLength)
                throw new FrameFormatException($"{total} rows: more than a column holds ({Array.MaxLength})");
            int n = (int)total;
            var offsets = new int[parts.Length];
            for (int i = 1; i < parts.Length; i++)
                offsets[i] = offsets[i - 1] + parts[i - 1]._count;
            ulong[]? valid = null;
            if (parts.Any(p => p._nulls is not null))
            {
                valid = Bits.AllSet(n);
                for (int p = 0; p < parts.Length; p++)
                    parts[p].ClearNulls(valid, offsets[p]);
            }
            T[] gather<T>(Func<Builder, T[]> of)
            {
                var all = new T[n];
                Parallelism.Each(parts.Length, threads, p => Array.Copy(of(parts[p]), 0, all, offsets[p], parts[p]._count));
                return all;
            }
            switch (kind)
            {
                case Kind.Int32: return new Int32Column(gather(b => b._ints), valid);
                case Kind.Int64: return new Int64Column(gather(b => b._longs), valid);
                case Kind.Timestamp: return new TimestampColumn(gather(b => b._longs), valid);
                case Kind.Double: return new DoubleColumn(gather(b => b._doubles), valid);
                case Kind.Bool: return new BoolColumn(gather(b => b._bools), valid);
            }
            (string[] dictionary, int[][] remaps) = MergeDictionaries(parts.Select(p => p._strings).ToArray(), threads);
            var codes = new int[n];
            Parallelism.Each(parts.Length, threads, p =>
            {
                int[] local = parts[p]._codes, remap = remaps[p];
                Span<int> target = codes.AsSpan(offsets[p], parts[p]._count);
                if (remap.Length == 0)
                    return; // every row of the part is null: its codes stay 0, as a single pass leaves them
                for (int i = 0; i < target.Length; i++)
                    target[i] = remap[local[i]];
            });
            return new StringColumn(codes, dictionary, valid);
        }

        /// <summary>
        /// One dictionary for the parts' own, in first-appearance order (part by part, code by code), and each part's
        /// codes mapped into it. The strings are split by hash into one shard per thread, each shard finding which of
        /// its entries come first; a last pass in order then numbers those: the codes one pass over the rows would give.
        /// </summary>
        private static (string[] Dictionary, int[][] Remaps) MergeDictionaries(SpanInterner[] parts, int threads)
        {
            long entries = parts.Sum(p => (long)p.Count);
            int shards = entries < 1 << 16 ? 1 : Math.Max(1, threads);
            int shardOf(int hash) => (int)(((ulong)(uint)hash * (uint)shards) >> 32); // the high bits: the low ones index the slots
            var local = parts.Select(p => new int[p.Count]).ToArray();
            var isFirst = parts.Select(p => new bool[p.Count]).ToArray();
            var interners = new SpanInterner[shards];
            int largest = parts.Length == 0 ? 0 : parts.Max(p => p.Count);
            Parallelism.Each(shards, shards, s =>
            {
                var mine = interners[s] = new SpanInterner((int)Math.Min(entries, 2L * largest) / shards);
                for (int p = 0; p < parts.Length; p++)
                {
                    SpanInterner own = parts[p];
                    for (int code = 0; code < own.Count; code++)
                    {
                        if (shardOf(own.HashOf(code)) != s)
                            continue;
                        int before = mine.Count;
                        int id = mine.Intern(own.Chars(code));
                        local[p][code] = id;
                        isFirst[p][code] = id == before;
                    }
                }
            });
            var globalOf = interners.Select(i => new int[i.Count]).ToArray();
            int distinct = interners.Sum(i => i.Count);
            var shardOfCode = new int[distinct];
            var idOfCode = new int[distinct];
            var remaps = new int[parts.Length][];
            int next = 0;
            for (int p = 0; p < parts.Length; p++)
            {
                SpanInterner own = parts[p];
                int[] remap = remaps[p] = new int[own.Count];
                for (int code = 0; code < remap.Length; code++)
                {
                    int s = shardOf(own.HashOf(code)), id = local[p][code];
                    if (isFirst[p][code])
                    {
                        shardOfCode[next] = s;
                        idOfCode[next] = id;
                        globalOf[s][id] = next++;
                    }
                    remap[code] = globalOf[s][id];
                }
            }
            var dictionary = new string[distinct];
            Parallelism.For(Math.Max(1, Math.Min(threads, distinct / 4096)), distinct, (_, a, b) =>
            {
                for (int g = a; g < b; g++)
                    dictionary[g] = interners[shardOfCode[g]][idOfCode[g]];
            });
            return (dictionary, remaps);
        }

        public Column Build()
        {
            int n = _count;
            ulong[]? valid = null;
            if (_nulls is not null)
            {
                valid = Bits.AllSet(n);
                ClearNulls(valid, 0);
            }
            return kind switch
            {
                Kind.Int32 => new Int32Column(_ints[..n], valid),
                Kind.Int64 => new Int64Column(_longs[..n], valid),
                Kind.Timestamp => new TimestampColumn(_longs[..n], valid),
                Kind.Double => new DoubleColumn(_doubles[..n], valid),
                Kind.Bool => new BoolColumn(_bools[..n], valid),
                _ => new StringColumn(_codes[..n], _strings.ToArray(), valid),
            };
        }
    }

    public static void Write(DataFrame frame, Stream stream)
    {
        using var text = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
        using (SepWriter writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text))
        {
            writer.Header.Add(frame.ColumnNames.ToArray());
            if (frame.RowCount == 0)
                writer.Header.Write();
            IReadOnlyList<Column> columns = frame.Columns;
            for (int r = 0; r < frame.RowCount; r++)
            {
                using SepWriter.Row row = writer.NewRow();
                for (int c = 0; c < columns.Count; c++)
                    row[c].Set(columns[c].Format(r));
            }
        }
        text.Flush();
    }
}
