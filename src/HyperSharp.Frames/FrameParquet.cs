using Parquet;
using Parquet.Schema;

namespace HyperSharp.Frames;

/// <summary>
/// Parquet through Parquet.Net: every row group read and concatenated; written as one row group, a column with nulls
/// as an optional field. Strings are read into a dictionary-encoded column.
/// </summary>
internal static class FrameParquet
{
    public static DataFrame Read(Stream stream) => ReadAsync(stream).GetAwaiter().GetResult();

    public static void Write(DataFrame frame, Stream stream) => WriteAsync(frame, stream).GetAwaiter().GetResult();

    private static async Task<DataFrame> ReadAsync(Stream stream)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true).ConfigureAwait(false);
        DataField[] fields = reader.Schema.GetDataFields();
        var parts = fields.Select(_ => new List<Column>()).ToArray();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            for (int f = 0; f < fields.Length; f++)
                parts[f].Add(await ReadColumn(group, fields[f], rows).ConfigureAwait(false));
        }
        return new DataFrame(fields.Select((f, i) => new KeyValuePair<string, Column>(f.Name, Concat(parts[i], f))));
    }

    private static async Task<Column> ReadColumn(ParquetRowGroupReader group, DataField field, int rows)
    {
        Type t = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (field.IsArray)
            throw new NotSupportedException($"column '{field.Name}' is a list: only flat columns are read");
        if (IsText(t))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
            return Column.Create(values);
        }
        if (t == typeof(int))
            return await Read<int>(group, field, rows, (v, valid) => new Int32Column(v, valid)).ConfigureAwait(false);
        if (t == typeof(long))
            return await Read<long>(group, field, rows, (v, valid) => new Int64Column(v, valid)).ConfigureAwait(false);
        if (t == typeof(double))
            return await Read<double>(group, field, rows, (v, valid) => new DoubleColumn(v, valid)).ConfigureAwait(false);
        if (t == typeof(float))
            return await Read<float>(group, field, rows, (v, valid) => new DoubleColumn(v.Select(x => (double)x).ToArray(), valid)).ConfigureAwait(false);
        if (t == typeof(bool))
            return await Read<bool>(group, field, rows, (v, valid) => new BoolColumn(v, valid)).ConfigureAwait(false);
        if (t == typeof(DateTime))
            return await Read<DateTime>(group, field, rows, (v, valid) => new TimestampColumn(v.Select(TimestampColumn.ToMicros).ToArray(), valid)).ConfigureAwait(false);
        throw new NotSupportedException($"column '{field.Name}' is {t.Name}: int32, int64, float, double, bool, timestamp and string columns are read");
    }

    /// <summary>Parquet.Net types a string field as string or as ReadOnlyMemory&lt;char&gt;.</summary>
    private static bool IsText(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>);

    private static async Task<Column> Read<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T[], ulong[]?, Column> make) where T : struct
    {
        if (!field.IsNullable)
        {
            var values = new T[rows];
            await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
            return make(values, null);
        }
        var nullable = new T?[rows];
        await group.ReadAsync(field, nullable.AsMemory()).ConfigureAwait(false);
        var data = new T[rows];
        var valid = new ulong[Bits.Words(rows)];
        for (int i = 0; i < rows; i++)
        {
            if (nullable[i] is T v)
            {
                data[i] = v;
                Bits.Set(valid, i);
            }
        }
        return make(data, valid);
    }

    private static Column Concat(List<Column> parts, DataField field)
    {
        if (parts.Count == 1)
            return parts[0];
        if (parts.Count == 0)
            return Empty(field);
        int total = parts.Sum(p => p.Length);
        var rows = new int[total];
        // Concatenation through the boxed values would be slow; via strings for text, via typed gathers otherwise.
        if (parts[0] is StringColumn)
        {
            var values = new string?[total];
            int at = 0;
            foreach (StringColumn p in parts.Cast<StringColumn>())
                for (int i = 0; i < p.Length; i++)
                    values[at++] = p[i];
            return Column.Create(values);
        }
        return parts[0] switch
        {
            Int32Column => Join<int>(parts, (v, b) => new Int32Column(v, b)),
            TimestampColumn => Join<long>(parts, (v, b) => new TimestampColumn(v, b)),
            Int64Column => Join<long>(parts, (v, b) => new Int64Column(v, b)),
            DoubleColumn => Join<double>(parts, (v, b) => new DoubleColumn(v, b)),
            _ => Join<bool>(parts, (v, b) => new BoolColumn(v, b)),
        };
    }

    private static Column Join<T>(List<Column> parts, Func<T[], ulong[]?, Column> make) where T : unmanaged
    {
        int total = parts.Sum(p => p.Length);
        var data = new T[total];
        var valid = new ulong[Bits.Words(total)];
        int at = 0;
        foreach (PrimitiveColumn<T> p in parts.Cast<PrimitiveColumn<T>>())
        {
            p.Values.CopyTo(data.AsSpan(at));
            for (int i = 0; i < p.Length; i++)
                if (!p.IsNull(i))
                    Bits.Set(valid, at + i);
            at += p.Length;
        }
        return make(data, valid);
    }

    private static Column Empty(DataField field)
    {
        Type t = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        return IsText(t) ? Column.Create(Array.Empty<string>())
            : t == typeof(int) ? Column.Create(Array.Empty<int>())
            : t == typeof(long) ? Column.Create(Array.Empty<long>())
            : t == typeof(bool) ? Column.Create(Array.Empty<bool>())
            : t == typeof(DateTime) ? Column.Create(Array.Empty<DateTime>())
            : Column.Create(Array.Empty<double>());
    }

    private static async Task WriteAsync(DataFrame frame, Stream stream)
    {
        var fields = new List<DataField>();
        for (int c = 0; c < frame.Columns.Count; c++)
        {
            Column col = frame.Columns[c];
            string name = frame.ColumnNames[c];
            bool nullable = col.NullCount > 0;
            fields.Add(col.Type switch
            {
                ColumnType.Int32 => new DataField(name, typeof(int), nullable),
                ColumnType.Int64 => new DataField(name, typeof(long), nullable),
                ColumnType.Double => new DataField(name, typeof(double), nullable),
                ColumnType.Bool => new DataField(name, typeof(bool), nullable),
                ColumnType.Timestamp => new DateTimeDataField(name, DateTimeFormat.DateAndTimeMicros, isNullable: nullable),
                _ => new DataField(name, typeof(string), true),
            });
        }
        var schema = new ParquetSchema(fields);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        for (int c = 0; c < frame.Columns.Count; c++)
        {
            Column col = frame.Columns[c];
            DataField field = fields[c];
            switch (col)
            {
                case StringColumn s:
                    {
                        var values = new string?[s.Length];
                        for (int i = 0; i < values.Length; i++)
                            values[i] = s[i];
                        await group.WriteAsync(field, (IReadOnlyCollection<string>)values!).ConfigureAwait(false);
                        break;
                    }
                case Int32Column i32: await Write(group, field, i32, i32.Data).ConfigureAwait(false); break;
                case TimestampColumn ts: await Write(group, field, ts, ts.Data.Select(TimestampColumn.FromMicros).ToArray()).ConfigureAwait(false); break;
                case Int64Column i64: await Write(group, field, i64, i64.Data).ConfigureAwait(false); break;
                case DoubleColumn d: await Write(group, field, d, d.Data).ConfigureAwait(false); break;
                case BoolColumn b: await Write(group, field, b, b.Data).ConfigureAwait(false); break;
            }
        }
        group.CompleteValidate();
    }

    private static Task Write<T>(ParquetRowGroupWriter group, DataField field, Column col, T[] data) where T : struct
    {
        if (!field.IsNullable)
            return group.WriteAsync(field, (ReadOnlyMemory<T>)data);
        var values = new T?[data.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = col.IsNull(i) ? null : data[i];
        return group.WriteAsync(field, (ReadOnlyMemory<T?>)values);
    }
}
