using System.Numerics.Tensors;

namespace HyperSharp.Frames;

internal enum ArithOp { Add, Subtract, Multiply, Divide }

internal enum CompareOp { Greater, Less, GreaterOrEqual, LessOrEqual, Equal, NotEqual }

/// <summary>Numeric views of columns: int32, bool and int64 as int64 or double, without boxing.</summary>
internal static class Numeric
{
    public static bool IsInteger(Column c) => c.Type is ColumnType.Int32 or ColumnType.Int64 or ColumnType.Bool or ColumnType.Timestamp;

    public static void CheckNumeric(Column c)
    {
        if (c.Type == ColumnType.String)
            throw new ArgumentException("A string column has no arithmetic.");
    }

    public static long[] Longs(Column c) => c switch
    {
        Int64Column l => l.Data,
        TimestampColumn t => t.Data,
        Int32Column i => Convert(i.Data),
        BoolColumn b => b.Data.Select(v => v ? 1L : 0L).ToArray(),
        DoubleColumn d => d.Data.Select(v => (long)v).ToArray(),
        _ => throw new ArgumentException($"A {c.Type} column is not numeric."),
    };

    public static double[] Doubles(Column c)
    {
        switch (c)
        {
            case DoubleColumn d:
                return d.Data;
            case Int32Column i:
                {
                    var r = GC.AllocateUninitializedArray<double>(i.Length);
                    TensorPrimitives.ConvertChecked<int, double>(i.Data, r);
                    return r;
                }
            case Int64Column or TimestampColumn:
                {
                    long[] src = Longs(c);
                    var r = GC.AllocateUninitializedArray<double>(src.Length);
                    TensorPrimitives.ConvertChecked<long, double>(src, r);
                    return r;
                }
            case BoolColumn b:
                return b.Data.Select(v => v ? 1.0 : 0.0).ToArray();
            default:
                throw new ArgumentException($"A {c.Type} column is not numeric.");
        }
    }

    private static long[] Convert(int[] values)
    {
        var r = GC.AllocateUninitializedArray<long>(values.Length);
        TensorPrimitives.ConvertChecked<int, long>(values, r);
        return r;
    }
}

/// <summary>Element-wise arithmetic with TensorPrimitives (Vector512/256/128 as the CPU has them).</summary>
internal static class Arithmetic
{
    public static void SameLength(Column a, Column b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Columns of {a.Length} and {b.Length} rows.");
    }

    public static Column Binary(Column a, Column b, ArithOp op)
    {
        SameLength(a, b);
        Numeric.CheckNumeric(a);
        Numeric.CheckNumeric(b);
        ulong[]? validity = Bits.And(a.Validity, b.Validity);
        if (op != ArithOp.Divide && Numeric.IsInteger(a) && Numeric.IsInteger(b))
        {
            long[] x = Numeric.Longs(a), y = Numeric.Longs(b);
            var r = GC.AllocateUninitializedArray<long>(a.Length);
            switch (op)
            {
                case ArithOp.Add: TensorPrimitives.Add<long>(x, y, r); break;
                case ArithOp.Subtract: TensorPrimitives.Subtract<long>(x, y, r); break;
                default: TensorPrimitives.Multiply<long>(x, y, r); break;
            }
            return new Int64Column(r, validity);
        }
        double[] dx = Numeric.Doubles(a), dy = Numeric.Doubles(b);
        var d = GC.AllocateUninitializedArray<double>(a.Length);
        switch (op)
        {
            case ArithOp.Add: TensorPrimitives.Add(dx, dy, d); break;
            case ArithOp.Subtract: TensorPrimitives.Subtract(dx, dy, d); break;
            case ArithOp.Multiply: TensorPrimitives.Multiply(dx, dy, d); break;
            default: TensorPrimitives.Divide(dx, dy, d); break;
        }
        return new DoubleColumn(d, validity);
    }

    /// <summary><paramref name="c"/> op <paramref name="scalar"/>, or scalar op c when <paramref name="scalarFirst"/>.</summary>
    public static Column Scalar(Column c, long scalar, ArithOp op, bool scalarFirst)
    {
        Numeric.CheckNumeric(c);
        if (!Numeric.IsInteger(c) || op == ArithOp.Divide)
            return Scalar(c, (double)scalar, op, scalarFirst);
        long[] x = Numeric.Longs(c);
        var r = GC.AllocateUninitializedArray<long>(c.Length);
        switch (op)
        {
            case ArithOp.Add: TensorPrimitives.Add<long>(x, scalar, r); break;
            case ArithOp.Multiply: TensorPrimitives.Multiply<long>(x, scalar, r); break;
            default:
                if (scalarFirst)
                    TensorPrimitives.Subtract<long>(scalar, x, r);
                else
                    TensorPrimitives.Subtract<long>(x, scalar, r);
                break;
        }
        return new Int64Column(r, c.Validity);
    }

    public static Column Scalar(Column c, double scalar, ArithOp op, bool scalarFirst)
    {
        Numeric.CheckNumeric(c);
        double[] x = Numeric.Doubles(c);
        var r = GC.AllocateUninitializedArray<double>(c.Length);
        switch (op)
        {
            case ArithOp.Add: TensorPrimitives.Add(x, scalar, r); break;
            case ArithOp.Multiply: TensorPrimitives.Multiply(x, scalar, r); break;
            case ArithOp.Subtract:
                if (scalarFirst)
                    TensorPrimitives.Subtract(scalar, x, r);
                else
                    TensorPrimitives.Subtract(x, scalar, r);
                break;
            default:
                if (scalarFirst)
                    TensorPrimitives.Divide(scalar, x, r);
                else
                    TensorPrimitives.Divide(x, scalar, r);
                break;
        }
        return new DoubleColumn(r, c.Validity);
    }
}

/// <summary>Row-wise comparisons into boolean columns.</summary>
internal static class Comparison
{
    public static BoolColumn Compare(Column a, Column b, CompareOp op)
    {
        Arithmetic.SameLength(a, b);
        ulong[]? validity = Bits.And(a.Validity, b.Validity);
        var r = new bool[a.Length];
        if (a is StringColumn sa && b is StringColumn sb)
        {
            for (int i = 0; i < r.Length; i++)
                r[i] = Test(string.CompareOrdinal(sa.DictionaryArray[sa.Codes[i]], sb.DictionaryArray[sb.Codes[i]]), op);
        }
        else if (Numeric.IsInteger(a) && Numeric.IsInteger(b))
        {
            long[] x = Numeric.Longs(a), y = Numeric.Longs(b);
            for (int i = 0; i < r.Length; i++)
                r[i] = Test(x[i].CompareTo(y[i]), op);
        }
        else
        {
            Numeric.CheckNumeric(a);
            Numeric.CheckNumeric(b);
            double[] x = Numeric.Doubles(a), y = Numeric.Doubles(b);
            for (int i = 0; i < r.Length; i++)
                r[i] = TestDouble(x[i], y[i], op);
        }
        return new BoolColumn(r, validity);
    }

    public static BoolColumn Compare(Column a, double value, CompareOp op)
    {
        Numeric.CheckNumeric(a);
        var r = new bool[a.Length];
        switch (a)
        {
            case Int32Column i:
                for (int k = 0; k < r.Length; k++)
                    r[k] = TestDouble(i.Data[k], value, op);
                break;
            case DoubleColumn d:
                for (int k = 0; k < r.Length; k++)
                    r[k] = TestDouble(d.Data[k], value, op);
                break;
            default:
                {
                    double[] x = Numeric.Doubles(a);
                    for (int k = 0; k < r.Length; k++)
                        r[k] = TestDouble(x[k], value, op);
                    break;
                }
        }
        return new BoolColumn(r, a.Validity);
    }

    public static BoolColumn CompareString(Column a, string value, bool equal)
    {
        if (a is not StringColumn s)
            throw new ArgumentException($"A {a.Type} column is compared with a number, not a string.");
        int code = Array.IndexOf(s.DictionaryArray, value);
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = (s.Codes[i] == code) == equal;
        return new BoolColumn(r, a.Validity);
    }

    private static bool Test(int c, CompareOp op) => op switch
    {
        CompareOp.Greater => c > 0,
        CompareOp.Less => c < 0,
        CompareOp.GreaterOrEqual => c >= 0,
        CompareOp.LessOrEqual => c <= 0,
        CompareOp.Equal => c == 0,
        _ => c != 0,
    };

    private static bool TestDouble(double x, double y, CompareOp op) => op switch
    {
        CompareOp.Greater => x > y,
        CompareOp.Less => x < y,
        CompareOp.GreaterOrEqual => x >= y,
        CompareOp.LessOrEqual => x <= y,
        CompareOp.Equal => x == y,
        _ => x != y,
    };
}
