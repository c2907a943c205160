using System.Globalization;

namespace HyperSharp.Frames;

/// <summary>The type of a column's values.</summary>
public enum ColumnType
{
    /// <summary>32-bit signed integers.</summary>
    Int32,
    /// <summary>64-bit signed integers.</summary>
    Int64,
    /// <summary>64-bit IEEE doubles.</summary>
    Double,
    /// <summary>Booleans.</summary>
    Bool,
    /// <summary>Instants, as microseconds since 1970-01-01T00:00:00Z.</summary>
    Timestamp,
    /// <summary>Strings, dictionary-encoded (each row holds a code into the column's dictionary).</summary>
    String,
}

/// <summary>
/// A column of values of one <see cref="ColumnType"/>, with a validity bitmap for missing values (nulls). Columns are
/// immutable; operators (<c>a * 2 + b</c>, <c>a &gt; 3</c>) evaluate element-wise into new columns, vectorised, and a
/// null in either operand gives a null.
/// </summary>
public abstract class Column
{
    private protected Column(int length, ulong[]? validity)
    {
        if (validity is not null && validity.Length < Bits.Words(length))
            throw new ArgumentException("The validity bitmap is shorter than the column.", nameof(validity));
        Length = length;
        Validity = Bits.Normalize(validity, length);
    }

    /// <summary>Rows in the column.</summary>
    public int Length { get; }

    /// <summary>The type of its values.</summary>
    public abstract ColumnType Type { get; }

    /// <summary>Bit i set when row i has a value; null when every row has one.</summary>
    internal ulong[]? Validity { get; }

    /// <summary>Rows without a value.</summary>
    public int NullCount => Validity is null ? 0 : Length - Bits.CountSet(Validity, Length);

    /// <summary>Whether row <paramref name="row"/> has no value.</summary>
    public bool IsNull(int row) => Validity is not null && !Bits.Get(Validity, row);

    /// <summary>Row <paramref name="row"/>'s value, boxed (null when missing): for display and tests, not for loops.</summary>
    public abstract object? GetValue(int row);

    /// <summary>The rows <paramref name="rows"/> in that order, as a new column; a row index of −1 gives a null.</summary>
    public abstract Column Gather(ReadOnlySpan<int> rows);

    /// <summary>Row <paramref name="row"/> as text (invariant culture; empty when null), as CSV writes it.</summary>
    public abstract string Format(int row);

    /// <summary>Compares two rows of this column: nulls last, strings ordinally.</summary>
    internal abstract int CompareRows(int a, int b);

    /// <summary>This column with its nulls replaced by the rows of <paramref name="fill"/> (same length and family).</summary>
    public abstract Column FillNull(Column fill);

    /// <summary>The first <paramref name="count"/> rows (all of them when fewer).</summary>
    public Column Head(int count)
    {
        int n = Math.Clamp(count, 0, Length);
        var rows = new int[n];
        for (int i = 0; i < n; i++)
            rows[i] = i;
        return Gather(rows);
    }

    /// <summary>An int32 column; <paramref name="valid"/> (optional) marks the rows that have a value.</summary>
    public static Int32Column Create(int[] values, bool[]? valid = null) => new(values, Flags(valid, values.Length));

    /// <summary>An int64 column; <paramref name="valid"/> (optional) marks the rows that have a value.</summary>
    public static Int64Column Create(long[] values, bool[]? valid = null) => new(values, Flags(valid, values.Length));

    /// <summary>A double column; <paramref name="valid"/> (optional) marks the rows that have a value.</summary>
    public static DoubleColumn Create(double[] values, bool[]? valid = null) => new(values, Flags(valid, values.Length));

    /// <summary>A boolean column; <paramref name="valid"/> (optional) marks the rows that have a value.</summary>
    public static BoolColumn Create(bool[] values, bool[]? valid = null) => new(values, Flags(valid, values.Length));

    /// <summary>An int32 column from nullable values.</summary>
    public static Int32Column Create(int?[] values) => new(values.Select(v => v.GetValueOrDefault()).ToArray(), Flags(values.Select(v => v.HasValue).ToArray(), values.Length));

    /// <summary>An int64 column from nullable values.</summary>
    public static Int64Column Create(long?[] values) => new(values.Select(v => v.GetValueOrDefault()).ToArray(), Flags(values.Select(v => v.HasValue).ToArray(), values.Length));

    /// <summary>A double column from nullable values.</summary>
    public static DoubleColumn Create(double?[] values) => new(values.Select(v => v.GetValueOrDefault()).ToArray(), Flags(values.Select(v => v.HasValue).ToArray(), values.Length));

    /// <summary>A dictionary-encoded string column; a null string is a missing value.</summary>
    public static StringColumn Create(string?[] values) => StringColumn.Encode(values);

    /// <summary>A timestamp column (UTC; a local time is converted).</summary>
    public static TimestampColumn Create(DateTime[] values) =>
        new(values.Select(TimestampColumn.ToMicros).ToArray(), null);

    private static ulong[]? Flags(bool[]? valid, int length)
    {
        if (valid is null)
            return null;
        if (valid.Length != length)
            throw new ArgumentException($"{valid.Length} validity flags for {length} values.", nameof(valid));
        return Bits.FromFlags(valid);
    }

    /// <summary>Element-wise sum: integers stay int64, anything with a double is double.</summary>
    public static Column operator +(Column left, Column right) => Arithmetic.Binary(left, right, ArithOp.Add);
    /// <summary>Element-wise difference.</summary>
    public static Column operator -(Column left, Column right) => Arithmetic.Binary(left, right, ArithOp.Subtract);
    /// <summary>Element-wise product.</summary>
    public static Column operator *(Column left, Column right) => Arithmetic.Binary(left, right, ArithOp.Multiply);
    /// <summary>Element-wise true division (always double, as pandas' <c>/</c>).</summary>
    public static Column operator /(Column left, Column right) => Arithmetic.Binary(left, right, ArithOp.Divide);
    /// <summary>Adds a scalar to every row.</summary>
    public static Column operator +(Column left, long right) => Arithmetic.Scalar(left, right, ArithOp.Add, false);
    /// <summary>Subtracts a scalar from every row.</summary>
    public static Column operator -(Column left, long right) => Arithmetic.Scalar(left, right, ArithOp.Subtract, false);
    /// <summary>Multiplies every row by a scalar.</summary>
    public static Column operator *(Column left, long right) => Arithmetic.Scalar(left, right, ArithOp.Multiply, false);
    /// <summary>Divides every row by a scalar (double).</summary>
    public static Column operator /(Column left, long right) => Arithmetic.Scalar(left, (double)right, ArithOp.Divide, false);
    /// <summary>Adds a scalar to every row.</summary>
    public static Column operator +(long left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Add, true);
    /// <summary>Subtracts every row from a scalar.</summary>
    public static Column operator -(long left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Subtract, true);
    /// <summary>Multiplies every row by a scalar.</summary>
    public static Column operator *(long left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Multiply, true);
    /// <summary>Adds a scalar to every row (double).</summary>
    public static Column operator +(Column left, double right) => Arithmetic.Scalar(left, right, ArithOp.Add, false);
    /// <summary>Subtracts a scalar from every row (double).</summary>
    public static Column operator -(Column left, double right) => Arithmetic.Scalar(left, right, ArithOp.Subtract, false);
    /// <summary>Multiplies every row by a scalar (double).</summary>
    public static Column operator *(Column left, double right) => Arithmetic.Scalar(left, right, ArithOp.Multiply, false);
    /// <summary>Divides every row by a scalar (double).</summary>
    public static Column operator /(Column left, double right) => Arithmetic.Scalar(left, right, ArithOp.Divide, false);
    /// <summary>Adds a scalar to every row (double).</summary>
    public static Column operator +(double left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Add, true);
    /// <summary>Subtracts every row from a scalar (double).</summary>
    public static Column operator -(double left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Subtract, true);
    /// <summary>Multiplies every row by a scalar (double).</summary>
    public static Column operator *(double left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Multiply, true);
    /// <summary>Divides a scalar by every row (double).</summary>
    public static Column operator /(double left, Column right) => Arithmetic.Scalar(right, left, ArithOp.Divide, true);
    /// <summary>Negates every row.</summary>
    public static Column operator -(Column operand) => Arithmetic.Scalar(operand, -1L, ArithOp.Multiply, false);

    /// <summary>Row-wise <c>left &gt; right</c> (null where either is null).</summary>
    public static BoolColumn operator >(Column left, Column right) => Comparison.Compare(left, right, CompareOp.Greater);
    /// <summary>Row-wise <c>left &lt; right</c>.</summary>
    public static BoolColumn operator <(Column left, Column right) => Comparison.Compare(left, right, CompareOp.Less);
    /// <summary>Row-wise <c>left &gt;= right</c>.</summary>
    public static BoolColumn operator >=(Column left, Column right) => Comparison.Compare(left, right, CompareOp.GreaterOrEqual);
    /// <summary>Row-wise <c>left &lt;= right</c>.</summary>
    public static BoolColumn operator <=(Column left, Column right) => Comparison.Compare(left, right, CompareOp.LessOrEqual);
    /// <summary>Every row <c>&gt; right</c>.</summary>
    public static BoolColumn operator >(Column left, double right) => Comparison.Compare(left, right, CompareOp.Greater);
    /// <summary>Every row <c>&lt; right</c>.</summary>
    public static BoolColumn operator <(Column left, double right) => Comparison.Compare(left, right, CompareOp.Less);
    /// <summary>Every row <c>&gt;= right</c>.</summary>
    public static BoolColumn operator >=(Column left, double right) => Comparison.Compare(left, right, CompareOp.GreaterOrEqual);
    /// <summary>Every row <c>&lt;= right</c>.</summary>
    public static BoolColumn operator <=(Column left, double right) => Comparison.Compare(left, right, CompareOp.LessOrEqual);

    /// <summary>Row-wise equality (a string column with a string column compares the strings).</summary>
    public BoolColumn Eq(Column other) => Comparison.Compare(this, other, CompareOp.Equal);
    /// <summary>Row-wise inequality.</summary>
    public BoolColumn Ne(Column other) => Comparison.Compare(this, other, CompareOp.NotEqual);
    /// <summary>Every row equal to <paramref name="value"/>.</summary>
    public BoolColumn Eq(double value) => Comparison.Compare(this, value, CompareOp.Equal);
    /// <summary>Every row not equal to <paramref name="value"/>.</summary>
    public BoolColumn Ne(double value) => Comparison.Compare(this, value, CompareOp.NotEqual);
    /// <summary>Every row equal to the string <paramref name="value"/> (a string column only).</summary>
    public BoolColumn Eq(string value) => Comparison.CompareString(this, value, equal: true);
    /// <summary>Every row not equal to the string <paramref name="value"/> (a string column only).</summary>
    public BoolColumn Ne(string value) => Comparison.CompareString(this, value, equal: false);

    /// <summary>Whether each row is null (never null itself).</summary>
    public BoolColumn IsNullMask()
    {
        var values = new bool[Length];
        if (Validity is not null)
            for (int i = 0; i < values.Length; i++)
                values[i] = !Bits.Get(Validity, i);
        return new BoolColumn(values, null);
    }

    /// <summary>The column as doubles (an integer or boolean column converted; a string column is an error).</summary>
    public DoubleColumn ToDouble() => this as DoubleColumn ?? new DoubleColumn(Numeric.Doubles(this), Validity);

    /// <inheritdoc/>
    public override string ToString() => $"{Type} column of {Length} rows ({NullCount} null)";
}

/// <summary>A column of fixed-size values held in one array.</summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class PrimitiveColumn<T> : Column where T : unmanaged
{
    private protected PrimitiveColumn(T[] values, ulong[]? validity) : base(values.Length, validity) => Data = values;

    internal T[] Data { get; }

    /// <summary>The values, one per row (a null row holds an unspecified value: check <see cref="Column.IsNull"/>).</summary>
    public ReadOnlySpan<T> Values => Data;

    /// <summary>A column of the same type over <paramref name="values"/>.</summary>
    internal abstract PrimitiveColumn<T> With(T[] values, ulong[]? validity);

    /// <inheritdoc/>
    public override Column Gather(ReadOnlySpan<int> rows)
    {
        T[] data = Data;
        var result = GC.AllocateUninitializedArray<T>(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            result[i] = r >= 0 ? data[r] : default;
        }
        return With(result, Bits.Gather(Validity, rows));
    }

    /// <inheritdoc/>
    public override Column FillNull(Column fill)
    {
        if (fill.Length != Length)
            throw new ArgumentException($"The fill has {fill.Length} rows, the column {Length}.", nameof(fill));
        if (Validity is null)
            return this;
        T[] other = fill switch
        {
            PrimitiveColumn<T> same => same.Data,
            _ when typeof(T) == typeof(double) => (T[])(object)Numeric.Doubles(fill),
            _ when typeof(T) == typeof(long) => (T[])(object)Numeric.Longs(fill),
            _ => throw new ArgumentException($"Cannot fill a {Type} column from a {fill.Type} column.", nameof(fill)),
        };
        var result = (T[])Data.Clone();
        ulong[] validity = (ulong[])Validity.Clone();
        for (int i = 0; i < result.Length; i++)
        {
            if (!Bits.Get(Validity, i) && !fill.IsNull(i))
            {
                result[i] = other[i];
                Bits.Set(validity, i);
            }
        }
        return With(result, validity);
    }

    /// <summary>This column with every null replaced by <paramref name="value"/>.</summary>
    public PrimitiveColumn<T> FillNull(T value)
    {
        if (Validity is null)
            return this;
        var result = (T[])Data.Clone();
        for (int i = 0; i < result.Length; i++)
            if (!Bits.Get(Validity, i))
                result[i] = value;
        return With(result, null);
    }

    /// <inheritdoc/>
    public override object? GetValue(int row) => IsNull(row) ? null : Box(Data[row]);

    private protected virtual object Box(T value) => value;
}

/// <summary>A column of 32-bit integers.</summary>
public sealed class Int32Column : PrimitiveColumn<int>
{
    internal Int32Column(int[] values, ulong[]? validity) : base(values, validity) { }

    /// <inheritdoc/>
    public override ColumnType Type => ColumnType.Int32;
    internal override PrimitiveColumn<int> With(int[] values, ulong[]? validity) => new Int32Column(values, validity);
    /// <inheritdoc/>
    public override string Format(int row) => IsNull(row) ? "" : Data[row].ToString(CultureInfo.InvariantCulture);
    internal override int CompareRows(int a, int b) => Nulls.Compare(this, a, b) ?? Data[a].CompareTo(Data[b]);
}

/// <summary>A column of 64-bit integers.</summary>
public sealed class Int64Column : PrimitiveColumn<long>
{
    internal Int64Column(long[] values, ulong[]? validity) : base(values, validity) { }

    /// <inheritdoc/>
    public override ColumnType Type => ColumnType.Int64;
    internal override PrimitiveColumn<long> With(long[] values, ulong[]? validity) => new Int64Column(values, validity);
    /// <inheritdoc/>
    public override string Format(int row) => IsNull(row) ? "" : Data[row].ToString(CultureInfo.InvariantCulture);
    internal override int CompareRows(int a, int b) => Nulls.Compare(this, a, b) ?? Data[a].CompareTo(Data[b]);
}

/// <summary>A column of doubles (NaN is a value; a missing value is a null).</summary>
public sealed class DoubleColumn : PrimitiveColumn<double>
{
    internal DoubleColumn(double[] values, ulong[]? validity) : base(values, validity) { }

    /// <inheritdoc/>
    public override ColumnType Type => ColumnType.Double;
    internal override PrimitiveColumn<double> With(double[] values, ulong[]? validity) => new DoubleColumn(values, validity);
    /// <inheritdoc/>
    public override string Format(int row) => IsNull(row) ? "" : Data[row].ToString("R", CultureInfo.InvariantCulture);
    internal override int CompareRows(int a, int b) => Nulls.Compare(this, a, b) ?? Data[a].CompareTo(Data[b]);
}

/// <summary>A column of booleans: the result of a comparison, the mask of a filter.</summary>
public sealed class BoolColumn : PrimitiveColumn<bool>
{
    internal BoolColumn(bool[] values, ulong[]? validity) : base(values, validity) { }

    /// <inheritdoc/>
    public override ColumnType Type => ColumnType.Bool;
    internal override PrimitiveColumn<bool> With(bool[] values, ulong[]? validity) => new BoolColumn(values, validity);
    /// <inheritdoc/>
    public override string Format(int row) => IsNull(row) ? "" : Data[row] ? "true" : "false";
    internal override int CompareRows(int a, int b) => Nulls.Compare(this, a, b) ?? Data[a].CompareTo(Data[b]);

    /// <summary>Rows true in both (null where either is null).</summary>
    public static BoolColumn operator &(BoolColumn left, BoolColumn right) => Logical(left, right, static (a, b) => a & b);
    /// <summary>Rows true in either (null where either is null).</summary>
    public static BoolColumn operator |(BoolColumn left, BoolColumn right) => Logical(left, right, static (a, b) => a | b);
    /// <summary>Rows false (null stays null).</summary>
    public static BoolColumn operator !(BoolColumn operand)
    {
        var r = new bool[operand.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = !operand.Data[i];
        return new BoolColumn(r, operand.Validity);
    }

    /// <summary>Rows that are true (a null counts as false).</summary>
    public int CountTrue()
    {
        int n = 0;
        for (int i = 0; i < Length; i++)
            if (Data[i] && !IsNull(i))
                n++;
        return n;
    }

    private static BoolColumn Logical(BoolColumn a, BoolColumn b, Func<bool, bool, bool> op)
    {
        Arithmetic.SameLength(a, b);
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = op(a.Data[i], b.Data[i]);
        return new BoolColumn(r, Bits.And(a.Validity, b.Validity));
    }
}

/// <summary>A column of instants, as microseconds since the Unix epoch (UTC).</summary>
public sealed class TimestampColumn : PrimitiveColumn<long>
{
    internal TimestampColumn(long[] micros, ulong[]? validity) : base(micros, validity) { }

    /// <inheritdoc/>
    public override ColumnType Type => ColumnType.Timestamp;
    internal override PrimitiveColumn<long> With(long[] values, ulong[]? validity) => new TimestampColumn(values, validity);
    internal override int CompareRows(int a, int b) => Nulls.Compare(this, a, b) ?? Data[a].CompareTo(Data[b]);

    /// <inheritdoc/>
    public override string Format(int row) => IsNull(row) ? "" : FromMicros(Data[row]).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);

    private protected override object Box(long value) => FromMicros(value);

    /// <summary>Each instant rounded down to a multiple of <paramref name="unit"/> since the epoch (a day: the date).</summary>
    public TimestampColumn Truncate(TimeSpan unit)
    {
        long step = unit.Ticks / 10;
        if (step <= 0)
            throw new ArgumentOutOfRangeException(nameof(unit), "The unit must be at least a microsecond.");
        var r = new long[Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = Data[i] - (((Data[i] % step) + step) % step);
        return new TimestampColumn(r, Validity);
    }

    /// <summary>A column from microseconds since the Unix epoch.</summary>
    public static TimestampColumn FromMicroseconds(long[] micros, bool[]? valid = null) =>
        new(micros, valid is null ? null : Bits.FromFlags(valid));

    internal static long ToMicros(DateTime t) => (t.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10;

    internal static DateTime FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc);
}

/// <summary>How two rows with nulls compare: nulls last; null when neither is null.</summary>
internal static class Nulls
{
    public static int? Compare(Column c, int a, int b)
    {
        if (c.Validity is null)
            return null;
        bool na = !Bits.Get(c.Validity, a), nb = !Bits.Get(c.Validity, b);
        if (!na && !nb)
            return null;
        return na == nb ? 0 : na ? 1 : -1;
    }
}
