using System.IO.Hashing;
using System.Text;
using HyperSharp.Frames;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Frames;

/// <summary>
/// A rung's answer to a groupby or join question: the result table, whose first <paramref name="Keys"/> columns
/// identify a row (the group's keys; a join's answer has none: every cell is compared exactly). Rows may come in any
/// order: answers are compared row by row after matching on the keys (a key that recurs, as largest-k's, matches in
/// order of occurrence), integers and strings exactly, doubles to a relative tolerance.
/// </summary>
public sealed record FrameAnswer(DataFrame Frame, int Keys)
{
    /// <summary>Doubles agree to this relative difference: |a − b| / max(1, |a|, |b|).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Rows plus the sum of every numeric cell that is not a key (nulls count 0).</summary>
    public double Checksum()
    {
        double sum = Frame.RowCount;
        for (int c = Keys; c < Frame.Columns.Count; c++)
        {
            Column col = Frame.Columns[c];
            if (col.Type is ColumnType.String or ColumnType.Timestamp)
                continue;
            double[] values = col.ToDouble().Values.ToArray();
            for (int i = 0; i < values.Length; i++)
                if (!col.IsNull(i))
                    sum += values[i];
        }
        return sum;
    }

    /// <summary>
    /// An order-independent digest of the whole answer: the row count and the sum and the sum of squares (mod 2⁶⁴) of
    /// each row's 64-bit hash, doubles rounded to 9 significant digits first. Equal answers (within the tolerance, bar
    /// a rounding boundary) have equal fingerprints.
    /// </summary>
    public Fingerprint Fingerprint()
    {
        ulong sum = 0, squares = 0;
        for (int r = 0; r < Frame.RowCount; r++)
        {
            ulong h = RowHash(r, Frame.Columns.Count, rounded: true);
            sum += h;
            squares += h * h;
        }
        return Ladder.Fingerprint.Of<long>([Frame.RowCount, unchecked((long)sum), unchecked((long)squares)]);
    }

    /// <summary>Compares with <paramref name="reference"/>: 1 when the shape, the keys or an exact cell differs, else the largest relative double difference.</summary>
    public static Verification Verify(FrameAnswer reference, FrameAnswer candidate, double tolerance)
    {
        const string measure = "largest relative difference of a double cell (1: rows, keys or exact cells differ)";
        DataFrame a = reference.Frame, b = candidate.Frame;
        if (a.RowCount != b.RowCount || !a.ColumnNames.SequenceEqual(b.ColumnNames) || reference.Keys != candidate.Keys)
            return Verification.Within(1, tolerance, measure);
        int keys = reference.Keys;
        int columns = a.Columns.Count;
        if (keys == 0)
        {
            // No keys (a join): the multisets of exact rows must be equal.
            return Verification.Within(reference.Fingerprint() == candidate.Fingerprint() && SameRows(reference, candidate) ? 0 : 1, tolerance, measure);
        }
        var index = new Dictionary<(ulong, int), int>();
        var seen = new Dictionary<ulong, int>();
        bool recurs = false;
        for (int r = 0; r < a.RowCount; r++)
        {
            ulong h = reference.RowHash(r, keys, rounded: false);
            int n = seen.GetValueOrDefault(h);
            seen[h] = n + 1;
            index[(h, n)] = r;
            recurs |= n > 0;
        }
        if (recurs)
        {
            // A key with several rows (largest-k): both sorted by every column and compared row by row, whatever
            // order each gave a key's rows in.
            string[] all = [.. a.ColumnNames];
            DataFrame sa = a.Sort(all), sb = b.Sort(all);
            double worstSorted = 0;
            for (int r = 0; r < sa.RowCount && worstSorted < 1; r++)
                for (int c = 0; c < columns; c++)
                    worstSorted = Math.Max(worstSorted, CellDifference(sa.Columns[c], r, sb.Columns[c], r));
            return Verification.Within(worstSorted, tolerance, measure);
        }
        seen.Clear();
        double worst = 0;
        for (int r = 0; r < b.RowCount; r++)
        {
            ulong h = candidate.RowHash(r, keys, rounded: false);
            int n = seen.GetValueOrDefault(h);
            seen[h] = n + 1;
            if (!index.TryGetValue((h, n), out int ra))
                return Verification.Within(1, tolerance, measure);
            for (int c = 0; c < columns; c++)
            {
                double d = CellDifference(a.Columns[c], ra, b.Columns[c], r);
                if (d > worst)
                    worst = d;
                if (worst >= 1)
                    return Verification.Within(1, tolerance, measure);
            }
        }
        return Verification.Within(worst, tolerance, measure);
    }

    private static bool SameRows(FrameAnswer a, FrameAnswer b)
    {
        var counts = new Dictionary<ulong, int>();
        for (int r = 0; r < a.Frame.RowCount; r++)
            counts[a.RowHash(r, a.Frame.Columns.Count, false)] = counts.GetValueOrDefault(a.RowHash(r, a.Frame.Columns.Count, false)) + 1;
        for (int r = 0; r < b.Frame.RowCount; r++)
        {
            ulong h = b.RowHash(r, b.Frame.Columns.Count, false);
            if (counts.GetValueOrDefault(h) == 0)
                return false;
            counts[h]--;
        }
        return true;
    }

    /// <summary>0 for equal cells, 1 for different exact cells, else the doubles' relative difference.</summary>
    private static double CellDifference(Column a, int ra, Column b, int rb)
    {
        bool na = a.IsNull(ra), nb = b.IsNull(rb);
        if (na || nb)
        {
            // An undefined double (a correlation without spread) is NaN to SQL and pandas, null here: the same answer.
            bool undefined = na ? b is DoubleColumn db && double.IsNaN(db.Values[rb]) : a is DoubleColumn da && double.IsNaN(da.Values[ra]);
            return na == nb || undefined ? 0 : 1;
        }
        if (a.Type == ColumnType.String || b.Type == ColumnType.String)
            return a.Format(ra) == b.Format(rb) ? 0 : 1;
        if (a.Type == ColumnType.Double || b.Type == ColumnType.Double)
        {
            double x = Convert.ToDouble(a.GetValue(ra), System.Globalization.CultureInfo.InvariantCulture);
            double y = Convert.ToDouble(b.GetValue(rb), System.Globalization.CultureInfo.InvariantCulture);
            if (x == y || (double.IsNaN(x) && double.IsNaN(y)))
                return 0;
            return Math.Min(1, Math.Abs(x - y) / Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))));
        }
        return Integer(a, ra) == Integer(b, rb) ? 0 : 1;
    }

    private static long Integer(Column c, int row) => c switch
    {
        Int32Column i => i.Values[row],
        PrimitiveColumn<long> l => l.Values[row],
        BoolColumn b => b.Values[row] ? 1 : 0,
        _ => throw new ArgumentException($"{c.Type} is not an integer column"),
    };

    /// <summary>The hash of a row's first <paramref name="columns"/> cells: integers of any width alike, strings by text.</summary>
    private ulong RowHash(int row, int columns, bool rounded)
    {
        var hash = new XxHash3();
        Span<byte> eight = stackalloc byte[8];
        for (int c = 0; c < columns; c++)
        {
            Column col = Frame.Columns[c];
            if (col.IsNull(row))
            {
                hash.Append([0xFF]);
                continue;
            }
            switch (col)
            {
                case StringColumn s:
                    hash.Append(Encoding.UTF8.GetBytes(s[row]!));
                    hash.Append([0]);
                    break;
                case DoubleColumn d:
                    double v = d.Values[row];
                    if (rounded && v != 0 && double.IsFinite(v))
                        v = double.Parse(v.ToString("G9", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
                    BitConverter.TryWriteBytes(eight, v);
                    hash.Append(eight);
                    break;
                default:
                    BitConverter.TryWriteBytes(eight, Integer(col, row));
                    hash.Append(eight);
                    break;
            }
        }
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The answer's first rows, sorted by every column, for messages and <c>hyper run</c>.</summary>
    public override string ToString() => Frame.Sort([.. Frame.ColumnNames], null).ToTable(5);
}
