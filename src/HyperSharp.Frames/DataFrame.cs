using System.Globalization;
using System.Text;

namespace HyperSharp.Frames;

/// <summary>How <see cref="DataFrame.Join(DataFrame, IReadOnlyList{string}, JoinKind, int)"/> keeps rows without a match.</summary>
public enum JoinKind
{
    /// <summary>Only rows whose key is in both tables.</summary>
    Inner,
    /// <summary>Every left row; right columns null where the key has no match.</summary>
    Left,
    /// <summary>Every row of both; the other side's columns null where there is no match.</summary>
    Outer,
}

/// <summary>
/// An immutable table of named, equally long <see cref="Column"/>s. Operations return new frames and share the
/// columns they do not change.
/// </summary>
public sealed class DataFrame
{
    private readonly string[] _names;
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>A frame of the named columns, in order; names must be distinct and lengths equal.</summary>
    public DataFrame(IEnumerable<KeyValuePair<string, Column>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var list = columns.ToList();
        _names = list.Select(c => c.Key).ToArray();
        _columns = list.Select(c => c.Value).ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _names.Length; i++)
        {
            if (!_index.TryAdd(_names[i], i))
                throw new ArgumentException($"Two columns are named '{_names[i]}'.", nameof(columns));
            if (_columns[i].Length != _columns[0].Length)
                throw new ArgumentException($"Column '{_names[i]}' has {_columns[i].Length} rows, '{_names[0]}' {_columns[0].Length}.", nameof(columns));
        }
        RowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
    }

    /// <summary>A frame of the given (name, column) pairs.</summary>
    public DataFrame(params (string Name, Column Column)[] columns)
        : this(columns.Select(c => new KeyValuePair<string, Column>(c.Name, c.Column)))
    {
    }

    /// <summary>Rows in the frame.</summary>
    public int RowCount { get; }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _names;

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The column named <paramref name="name"/>; an unknown name is an <see cref="ArgumentException"/> listing the names.</summary>
    public Column this[string name] =>
        _index.TryGetValue(name, out int i) ? _columns[i]
            : throw new ArgumentException($"no column '{name}' (columns: {string.Join(", ", _names)})", nameof(name));

    /// <summary>Whether a column is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The column named <paramref name="name"/> as <typeparamref name="T"/>, or an exception naming its type.</summary>
    public T Get<T>(string name) where T : Column =>
        this[name] as T ?? throw new ArgumentException($"column '{name}' is {this[name].Type}, not {typeof(T).Name}", nameof(name));

    /// <summary>This frame with <paramref name="column"/> added as <paramref name="name"/> (or replacing it).</summary>
    public DataFrame With(string name, Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (_columns.Length > 0 && column.Length != RowCount)
            throw new ArgumentException($"Column '{name}' has {column.Length} rows, the frame {RowCount}.", nameof(column));
        var pairs = Pairs().ToList();
        int at = pairs.FindIndex(p => p.Key == name);
        if (at >= 0)
            pairs[at] = new(name, column);
        else
            pairs.Add(new(name, column));
        return new DataFrame(pairs);
    }

    /// <summary>The named columns only, in the order given.</summary>
    public DataFrame Select(params string[] names) => new(names.Select(n => new KeyValuePair<string, Column>(n, this[n])));

    /// <summary>The rows where <paramref name="mask"/> is true (null counts as false).</summary>
    public DataFrame Filter(BoolColumn mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != RowCount)
            throw new ArgumentException($"The mask has {mask.Length} rows, the frame {RowCount}.", nameof(mask));
        var rows = new List<int>(mask.CountTrue());
        bool[] data = mask.Data;
        for (int i = 0; i < data.Length; i++)
            if (data[i] && !mask.IsNull(i))
                rows.Add(i);
        return Take(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
    }

    /// <summary>The rows <paramref name="rows"/>, in that order (−1: a row of nulls).</summary>
    public DataFrame Take(ReadOnlySpan<int> rows)
    {
        var columns = new KeyValuePair<string, Column>[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
            columns[i] = new(_names[i], _columns[i].Gather(rows));
        return new DataFrame(columns);
    }

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public DataFrame Head(int count)
    {
        int n = Math.Clamp(count, 0, RowCount);
        var rows = new int[n];
        for (int i = 0; i < n; i++)
            rows[i] = i;
        return Take(rows);
    }

    /// <summary>The rows sorted by the named columns, ascending, nulls last; stable (equal rows keep their order).</summary>
    public DataFrame Sort(params string[] by) => Sort(by, null);

    /// <summary>The rows sorted by <paramref name="by"/>; <paramref name="descending"/> (optional) flips a column's order.</summary>
    public DataFrame Sort(IReadOnlyList<string> by, IReadOnlyList<bool>? descending)
    {
        ArgumentNullException.ThrowIfNull(by);
        return Take(SortOrder(by.Select(n => this[n]).ToArray(), descending));
    }

    internal int[] SortOrder(Column[] keys, IReadOnlyList<bool>? descending)
    {
        var order = new int[RowCount];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        if (keys.Length == 0)
            return order;
        var sign = keys.Select((_, i) => descending is not null && i < descending.Count && descending[i] ? -1 : 1).ToArray();
        // Array.Sort is not stable: ties are broken by row index, which makes it so.
        Array.Sort(order, (a, b) =>
        {
            for (int k = 0; k < keys.Length; k++)
            {
                int c = keys[k].CompareRows(a, b);
                if (c != 0)
                    return keys[k].IsNull(a) || keys[k].IsNull(b) ? c : c * sign[k]; // nulls last either way
            }
            return a.CompareTo(b);
        });
        return order;
    }

    /// <summary>Groups the rows by the named key columns (one or more), for <see cref="GroupBy.Agg(Aggregation[])"/> or <see cref="GroupBy.Transform"/>.</summary>
    public GroupBy GroupBy(params string[] keys) => new(this, keys, Environment.ProcessorCount);

    /// <summary>
    /// A hash join with <paramref name="right"/> on the columns <paramref name="on"/> (present in both, same family:
    /// integers with integers, strings with strings). The result has the key columns, the left's other columns, then
    /// the right's (a name already taken gets the suffix <c>_right</c>). A null key matches nothing.
    /// </summary>
    /// <param name="right">The table to build the hash table on.</param>
    /// <param name="on">Key column names.</param>
    /// <param name="how">Inner, left or outer.</param>
    /// <param name="threads">Threads to probe with (0: every core).</param>
    public DataFrame Join(DataFrame right, IReadOnlyList<string> on, JoinKind how = JoinKind.Inner, int threads = 0) =>
        HashJoin.Run(this, right, on, how, threads <= 0 ? Environment.ProcessorCount : threads);

    /// <summary>
    /// The result of a join from its matched row pairs, laid out as <see cref="Join(DataFrame, IReadOnlyList{string}, JoinKind, int)"/>
    /// lays it out: <paramref name="leftRows"/>[i] with <paramref name="rightRows"/>[i] (−1 on either side: no row there,
    /// and the key is taken from the other side).
    /// </summary>
    public DataFrame JoinRows(DataFrame right, IReadOnlyList<string> on, int[] leftRows, int[] rightRows) =>
        HashJoin.Assemble(this, right, on, leftRows, rightRows, coalesce: leftRows.Contains(-1));

    /// <summary>A hash join on one key column (see <see cref="Join(DataFrame, IReadOnlyList{string}, JoinKind, int)"/>).</summary>
    public DataFrame Join(DataFrame right, string on, JoinKind how = JoinKind.Inner) => Join(right, [on], how);

    /// <summary>
    /// One row per column: name, type, rows, nulls, min and max (as text; empty for an all-null column). Strings'
    /// min and max are ordinal.
    /// </summary>
    public DataFrame Describe()
    {
        int n = _columns.Length;
        string[] type = new string[n], min = new string[n], max = new string[n];
        long[] nulls = new long[n], rows = new long[n];
        for (int c = 0; c < n; c++)
        {
            Column col = _columns[c];
            type[c] = col.Type.ToString().ToLowerInvariant();
            rows[c] = col.Length;
            nulls[c] = col.NullCount;
            int lo = -1, hi = -1;
            for (int i = 0; i < col.Length; i++)
            {
                if (col.IsNull(i))
                    continue;
                if (lo < 0 || col.CompareRows(i, lo) < 0)
                    lo = i;
                if (hi < 0 || col.CompareRows(i, hi) > 0)
                    hi = i;
            }
            min[c] = lo < 0 ? "" : col.Format(lo);
            max[c] = hi < 0 ? "" : col.Format(hi);
        }
        return new DataFrame(("column", Column.Create(_names)), ("type", Column.Create(type)), ("rows", Column.Create(rows)),
            ("nulls", Column.Create(nulls)), ("min", Column.Create(min)), ("max", Column.Create(max)));
    }

    /// <summary>The first <paramref name="rows"/> rows as an aligned text table, then the row and column counts.</summary>
    public string ToTable(int rows = 10)
    {
        int shown = Math.Min(rows, RowCount);
        var cells = new string[shown + 1][];
        cells[0] = _names;
        for (int r = 0; r < shown; r++)
            cells[r + 1] = _columns.Select(c => c.IsNull(r) ? "NA" : Display(c, r)).ToArray();
        var widths = new int[_names.Length];
        foreach (string[] line in cells)
            for (int c = 0; c < line.Length; c++)
                widths[c] = Math.Max(widths[c], line[c].Length);
        var text = new StringBuilder();
        for (int r = 0; r < cells.Length; r++)
        {
            for (int c = 0; c < widths.Length; c++)
            {
                bool right = r > 0 && _columns[c].Type != ColumnType.String;
                string cell = cells[r][c];
                text.Append(c == 0 ? "" : "  ").Append(right ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            }
            text.Append('\n');
        }
        if (shown < RowCount)
            text.Append("…\n");
        text.Append(CultureInfo.InvariantCulture, $"{RowCount:N0} rows × {_names.Length} columns");
        return text.ToString();
    }

    private static string Display(Column c, int row) => c is DoubleColumn d
        ? d.Data[row].ToString("0.######", CultureInfo.InvariantCulture)
        : c.Format(row);

    /// <inheritdoc/>
    public override string ToString() => ToTable();

    /// <summary>
    /// Reads a CSV file (header row; types inferred: int32, int64, double, bool, timestamp, else string; an empty field
    /// is null). A file of 4 MiB or more is parsed in byte ranges on <paramref name="threads"/> threads (0: every core);
    /// the frame is the same as one thread reads.
    /// </summary>
    public static DataFrame ReadCsv(string path, int threads = 0) => FrameCsv.Read(path, threads);

    /// <summary>Reads CSV text (as <see cref="ReadCsv(string, int)"/>); <paramref name="source"/> names it in errors.</summary>
    public static DataFrame ReadCsvText(string text, string source = "text") => FrameCsv.ReadText(text, source);

    /// <summary>Writes the frame as CSV (header row, invariant culture, fields quoted where needed, nulls empty).</summary>
    public void WriteCsv(Stream stream) => FrameCsv.Write(this, stream);

    /// <summary>Reads a Parquet file (int32, int64, float/double, bool, timestamp and string columns; nullable or not).</summary>
    public static DataFrame ReadParquet(string path)
    {
        using var stream = File.OpenRead(path);
        return FrameParquet.Read(stream);
    }

    /// <summary>Reads Parquet from a seekable stream.</summary>
    public static DataFrame ReadParquet(Stream stream) => FrameParquet.Read(stream);

    /// <summary>Writes the frame as Parquet, one row group (a column with nulls is written nullable).</summary>
    public void WriteParquet(Stream stream) => FrameParquet.Write(this, stream);

    /// <summary>Reads a .csv or .parquet file, by its extension (CSV on <paramref name="threads"/> threads, 0: every core).</summary>
    public static DataFrame Read(string path, int threads = 0) => IsParquet(path) ? ReadParquet(path) : ReadCsv(path, threads);

    /// <summary>Writes CSV or Parquet into <paramref name="stream"/>, by the extension of <paramref name="path"/>.</summary>
    public void Write(string path, Stream stream)
    {
        if (IsParquet(path))
            WriteParquet(stream);
        else
            WriteCsv(stream);
    }

    /// <summary>Whether <paramref name="path"/> names a Parquet file (.parquet or .pq).</summary>
    public static bool IsParquet(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pq", StringComparison.OrdinalIgnoreCase);

    internal IEnumerable<KeyValuePair<string, Column>> Pairs()
    {
        for (int i = 0; i < _names.Length; i++)
            yield return new(_names[i], _columns[i]);
    }
}
