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

    public static DataFrame Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"no such file: {path}", path);
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

    private static FrameFormatException Malformed(string source, SepReader.Row row, int columns) =>
        new($"{source}: line {row.LineNumberFrom}: {row.ColCount} fields, the header has {columns}");

    /// <summary>The header's checks and the types of the first <see cref="SampleRows"/> rows.</summary>
    private static Kind[] Sniff(SepReader reader, string source)
    {
        IReadOnlyList<string> names = reader.Header.ColNames;
        if (names.Count == 0)
            throw new FrameFormatException($"{source}: no header row");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new FrameFormatException($"{source}: two columns are named '{duplicate.Key}'");
        int columns = names.Count;
        var kinds = new Kind[columns];
        int seen = 0;
        foreach (SepReader.Row row in reader)
        {
            if (row.ColCount != columns)
                throw Malformed(source, row, columns);
            for (int c = 0; c < columns; c++)
                kinds[c] = Widen(kinds[c], row[c].Span);
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
        if (text.IsEmpty)
            return kind;
        Kind own = KindOf(text);
        if (kind == Kind.Unknown || kind == own)
            return own;
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
    private sealed class Builder(Kind kind)
    {
        private int[] _ints = kind == Kind.Int32 ? new int[1024] : [];
        private long[] _longs = kind is Kind.Int64 or Kind.Timestamp ? new long[1024] : [];
        private double[] _doubles = kind == Kind.Double ? new double[1024] : [];
        private bool[] _bools = kind == Kind.Bool ? new bool[1024] : [];
        private int[] _codes = kind == Kind.String ? new int[1024] : [];
        private readonly Dictionary<string, int> _dictionary = new(StringComparer.Ordinal);
        private readonly List<string> _strings = [];
        private ulong[] _valid = new ulong[16];
        private bool _anyNull;
        private int _count;

        public bool Add(ReadOnlySpan<char> text)
        {
            int i = _count;
            if (i == Capacity)
                Grow();
            if (i >> 6 >= _valid.Length)
                Array.Resize(ref _valid, _valid.Length * 2);
            if (text.IsEmpty)
            {
                _anyNull = true;
                _count++;
                return true;
            }
            bool ok;
            switch (kind)
            {
                case Kind.Int32: ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _ints[i]); break;
                case Kind.Int64: ok = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _longs[i]); break;
                case Kind.Double: ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _doubles[i]); break;
                case Kind.Bool: ok = TryBool(text, out _bools[i]); break;
                case Kind.Timestamp: ok = TryTimestamp(text, out _longs[i]); break;
                default:
                    {
                        var lookup = _dictionary.GetAlternateLookup<ReadOnlySpan<char>>();
                        if (!lookup.TryGetValue(text, out int code))
                        {
                            code = _strings.Count;
                            string s = text.ToString();
                            _dictionary.Add(s, code);
                            _strings.Add(s);
                        }
                        _codes[i] = code;
                        ok = true;
                        break;
                    }
            }
            if (!ok)
                return false;
            _valid[i >> 6] |= 1UL << i;
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
            int size = Capacity * 2;
            switch (kind)
            {
                case Kind.Int32: Array.Resize(ref _ints, size); break;
                case Kind.Int64 or Kind.Timestamp: Array.Resize(ref _longs, size); break;
                case Kind.Double: Array.Resize(ref _doubles, size); break;
                case Kind.Bool: Array.Resize(ref _bools, size); break;
                default: Array.Resize(ref _codes, size); break;
            }
        }

        public Column Build()
        {
            int n = _count;
            ulong[]? valid = _anyNull ? _valid[..Math.Max(Bits.Words(n), 0)] : null;
            return kind switch
            {
                Kind.Int32 => new Int32Column(_ints[..n], valid),
                Kind.Int64 => new Int64Column(_longs[..n], valid),
                Kind.Timestamp => new TimestampColumn(_longs[..n], valid),
                Kind.Double => new DoubleColumn(_doubles[..n], valid),
                Kind.Bool => new BoolColumn(_bools[..n], valid),
                _ => new StringColumn(_codes[..n], [.. _strings], valid),
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
