using Microsoft.Win32.SafeHandles;

namespace HyperSharp.TimeSeries;

/// <summary>One row: its UTC day and value.</summary>
internal readonly record struct Row(long Day, double Value);

/// <summary>The book's generators, in C#: rows read lazily one at a time, grouped lazily into days.</summary>
internal static class RowStream
{
    internal static SafeFileHandle Open(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);

    /// <summary>Every row of the file, parsed as it is reached (the book's <c>read_data</c>).</summary>
    public static IEnumerable<Row> Rows(string path)
    {
        using SafeFileHandle file = Open(path);
        long start = TimeSeriesCsv.DataStart(file, path);
        var reader = new BlockReader(file, start, RandomAccess.GetLength(file));
        byte[] buffer = new byte[Blocks.BufferSize];
        var dates = new DateCache();
        int length;
        while ((length = reader.Next(buffer, path)) > 0)
        {
            long offset = reader.BlockOffset;
            for (int at = 0; at < length;)
            {
                int newline = buffer.AsSpan(at, length - at).IndexOf((byte)'\n');
                int end = newline < 0 ? length : at + newline;
                if (TimeSeriesCsv.TryParseRow(new ReadOnlySpan<byte>(buffer, at, end - at), ref dates, out long day, out double value))
                    yield return new Row(day, value);
                else if (!TimeSeriesCsv.IsBlank(new ReadOnlySpan<byte>(buffer, at, end - at)))
                    throw TimeSeriesCsv.RowError(path, TimeSeriesCsv.LineAt(file, offset + at), new ReadOnlySpan<byte>(buffer, at, end - at));
                at = end + 1;
            }
        }
    }

    /// <summary>Runs of consecutive rows of one day, reduced to their moments (the book's <c>groupby_day</c>).</summary>
    public static IEnumerable<DayMoments> Days(IEnumerable<Row> rows)
    {
        DayMoments current = default;
        bool open = false;
        foreach (Row row in rows)
        {
            if (open && row.Day == current.Day)
            {
                current.Add(row.Value);
                continue;
            }
            if (open)
                yield return current;
            current = DayMoments.Start(row.Day, row.Value);
            open = true;
        }
        if (open)
            yield return current;
    }
}
