using System.Numerics;

namespace HyperSharp.Frames;

/// <summary>
/// The aggregate kernels: each is generic over the column's element type (specialised by the JIT: no boxing), runs
/// one contiguous chunk of rows per thread into the thread's own per-group accumulators, and merges them in chunk order
/// (so a result depends on the thread count only by floating-point rounding). Standard deviation and correlation take
/// two passes (means, then centred sums) rather than sums of squares, which cancel catastrophically.
/// </summary>
internal static class Aggregator
{
    /// <summary>The aggregate per group; for largest-k the values of all groups one after another and each group's count.</summary>
    public static (Column Result, int[]? PerGroup) Compute(DataFrame frame, Aggregation a, GroupIndex index, int threads)
    {
        int rows = frame.RowCount;
        int chunks = Parallelism.ChunksFor(rows, threads);
        var ctx = new Context(index, chunks, threads);
        if (a.Function == AggregateFunction.Count && a.Column is null)
            return (new Int64Column(Counts(ctx, null), null), null);
        Column column = frame[a.Column!];
        switch (a.Function)
        {
            case AggregateFunction.Count:
                return (new Int64Column(Counts(ctx, column.Validity), null), null);
            case AggregateFunction.First:
                return (column.Gather(index.FirstRow), null);
            case AggregateFunction.Corr:
                return (Corr(ctx, column, frame[a.Column2!]), null);
            case AggregateFunction.Largest:
                return Largest(ctx, column, a.K);
            default:
                if (column.Type == ColumnType.String)
                    throw new ArgumentException($"{a.Function.ToString().ToLowerInvariant()} of the string column '{a.Column}': only count and first apply to strings");
                return (Numeric(ctx, column, a.Function), null);
        }
    }

    /// <summary>A kernel's inputs; <see cref="GroupOf"/> is made when a kernel first reads it (count and first need none).</summary>
    internal readonly record struct Context(GroupIndex Index, int Chunks, int Threads)
    {
        public int[] GroupOf => Index.GroupOf;
        public int Groups => Index.Groups;
    }

    private static Column Numeric(Context ctx, Column column, AggregateFunction f) => column switch
    {
        Int32Column c => Numeric<int, long>(ctx, c.Data, c.Validity, f, c),
        TimestampColumn c => Numeric<long, long>(ctx, c.Data, c.Validity, f, c),
        Int64Column c => Numeric<long, long>(ctx, c.Data, c.Validity, f, c),
        DoubleColumn c => Numeric<double, double>(ctx, c.Data, c.Validity, f, c),
        BoolColumn c => Numeric<int, long>(ctx, c.Data.Select(b => b ? 1 : 0).ToArray(), c.Validity, f, new Int32Column([], null)),
        _ => throw new ArgumentException($"Cannot aggregate a {column.Type} column."),
    };

    private static Column Numeric<T, TAcc>(Context ctx, T[] data, ulong[]? valid, AggregateFunction f, Column like)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TAcc : unmanaged, INumber<TAcc>
    {
        switch (f)
        {
            case AggregateFunction.Sum:
                {
                    TAcc[] sums = Sum<T, TAcc>(ctx, data, valid);
                    return typeof(TAcc) == typeof(double) ? new DoubleColumn((double[])(object)sums, null) : new Int64Column((long[])(object)sums, null);
                }
            case AggregateFunction.Mean:
                return new DoubleColumn(Means(ctx, data, valid, out long[] n), Present(n));
            case AggregateFunction.Min or AggregateFunction.Max:
                {
                    T[] result = Extreme(ctx, data, valid, f == AggregateFunction.Max, out ulong[]? present);
                    return like switch
                    {
                        TimestampColumn => new TimestampColumn((long[])(object)result, present),
                        PrimitiveColumn<T> p => p.With(result, present),
                        _ => new Int32Column((int[])(object)result, present),
                    };
                }
            case AggregateFunction.Sd:
                {
                    double[] mean = Means(ctx, data, valid, out long[] have);
                    double[] ss = CentredSquares(ctx, data, valid, mean);
                    var sd = new double[ctx.Groups];
                    for (int g = 0; g < sd.Length; g++)
                        sd[g] = have[g] > 1 ? Math.Sqrt(ss[g] / (have[g] - 1)) : 0;
                    var present = new ulong[Bits.Words(ctx.Groups)];
                    for (int g = 0; g < sd.Length; g++)
                        if (have[g] > 1)
                            Bits.Set(present, g);
                    return new DoubleColumn(sd, present);
                }
            case AggregateFunction.Median:
                {
                    (T[] values, int[] counts) = Scatter(ctx, data, valid);
                    var median = new double[ctx.Groups];
                    int[] starts = Starts(counts);
                    Parallelism.Each(ctx.Groups, ctx.Threads, g =>
                    {
                        int n = counts[g];
                        if (n == 0)
                            return;
                        Span<T> span = values.AsSpan(starts[g], n);
                        // Selection, not a sort: the middle element in expected linear time, and for an even count
                        // the largest of the lower half beside it.
                        T upper = Select(span, n / 2);
                        if ((n & 1) == 1)
                        {
                            median[g] = double.CreateTruncating(upper);
                            return;
                        }
                        T lower = span[0];
                        for (int i = 1; i < n / 2; i++)
                            if (span[i] > lower)
                                lower = span[i];
                        median[g] = (double.CreateTruncating(lower) + double.CreateTruncating(upper)) / 2;
                    });
                    return new DoubleColumn(median, Present(counts.Select(c => (long)c).ToArray()));
                }
            default:
                throw new ArgumentException($"{f} is not a numeric aggregate.");
        }
    }

    /// <summary>
    /// Hoare's selection: rearranges <paramref name="span"/> so that the element at <paramref name="k"/> is the one a
    /// sort would put there, every element before it no larger and every one after no smaller; returns it.
    /// </summary>
    internal static T Select<T>(Span<T> span, int k) where T : INumber<T>
    {
        int lo = 0, hi = span.Length - 1;
        while (hi > lo)
        {
            if (hi - lo < 16)
            {
                span[lo..(hi + 1)].Sort();
                break;
            }
            // Median of three as the pivot: sorted or constant runs stay linear.
            int mid = lo + ((hi - lo) >> 1);
            T a = span[lo], b = span[mid], c = span[hi];
            T pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (span[i] < pivot)
                    i++;
                while (span[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (span[i], span[j]) = (span[j], span[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
                hi = j;
            else if (k >= i)
                lo = i;
            else
                break;
        }
        return span[k];
    }

    private static ulong[]? Present(long[] counts)
    {
        var bits = new ulong[Bits.Words(counts.Length)];
        for (int g = 0; g < counts.Length; g++)
            if (counts[g] > 0)
                Bits.Set(bits, g);
        return bits;
    }

    private static long[] Counts(Context ctx, ulong[]? valid)
    {
        if (valid is null)
        {
            // A column without nulls counts every row: the groups' sizes, counted once per index.
            ctx.Index.Sizes ??= CountRows(ctx, null);
            return (long[])ctx.Index.Sizes.Clone();
        }
        return CountRows(ctx, valid);
    }

    private static long[] CountRows(Context ctx, ulong[]? valid)
    {
        int[] groupOf = ctx.GroupOf;
        var locals = new long[ctx.Chunks][];
        Parallelism.For(ctx.Chunks, groupOf.Length, (c, s, e) =>
        {
            var n = new long[ctx.Groups];
            if (valid is null)
                for (int i = s; i < e; i++)
                    n[groupOf[i]]++;
            else
                for (int i = s; i < e; i++)
                    if (Bits.Get(valid, i))
                        n[groupOf[i]]++;
            locals[c] = n;
        });
        return Merge(locals);
    }

    private static TAcc[] Merge<TAcc>(TAcc[][] locals) where TAcc : INumber<TAcc>
    {
        TAcc[] total = locals[0];
        for (int c = 1; c < locals.Length; c++)
        {
            TAcc[] l = locals[c];
            for (int g = 0; g < total.Length; g++)
                total[g] += l[g];
        }
        return total;
    }

    internal static TAcc[] Sum<T, TAcc>(Context ctx, T[] data, ulong[]? valid)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
    {
        int[] groupOf = ctx.GroupOf;
        var locals = new TAcc[ctx.Chunks][];
        Parallelism.For(ctx.Chunks, data.Length, (c, s, e) =>
        {
            var acc = new TAcc[ctx.Groups];
            if (valid is null)
                for (int i = s; i < e; i++)
                    acc[groupOf[i]] += TAcc.CreateTruncating(data[i]);
            else
                for (int i = s; i < e; i++)
                    if (Bits.Get(valid, i))
                        acc[groupOf[i]] += TAcc.CreateTruncating(data[i]);
            locals[c] = acc;
        });
        return Merge(locals);
    }

    private static double[] Means<T>(Context ctx, T[] data, ulong[]? valid, out long[] counts) where T : unmanaged, INumber<T>
    {
        double[] sums = Sum<T, double>(ctx, data, valid);
        counts = Counts(ctx, valid);
        var mean = new double[ctx.Groups];
        for (int g = 0; g < mean.Length; g++)
            mean[g] = counts[g] > 0 ? sums[g] / counts[g] : 0;
        return mean;
    }

    private static double[] CentredSquares<T>(Context ctx, T[] data, ulong[]? valid, double[] mean) where T : unmanaged, INumber<T>
    {
        int[] groupOf = ctx.GroupOf;
        var locals = new double[ctx.Chunks][];
        Parallelism.For(ctx.Chunks, data.Length, (c, s, e) =>
        {
            var acc = new double[ctx.Groups];
            for (int i = s; i < e; i++)
            {
                if (valid is not null && !Bits.Get(valid, i))
                    continue;
                int g = groupOf[i];
                double d = double.CreateTruncating(data[i]) - mean[g];
                acc[g] += d * d;
            }
            locals[c] = acc;
        });
        return Merge(locals);
    }

    private static T[] Extreme<T>(Context ctx, T[] data, ulong[]? valid, bool max, out ulong[]? present)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        int[] groupOf = ctx.GroupOf;
        var locals = new T[ctx.Chunks][];
        var seen = new bool[ctx.Chunks][];
        Parallelism.For(ctx.Chunks, data.Length, (c, s, e) =>
        {
            var acc = new T[ctx.Groups];
            var has = new bool[ctx.Groups];
            acc.AsSpan().Fill(max ? T.MinValue : T.MaxValue);
            for (int i = s; i < e; i++)
            {
                if (valid is not null && !Bits.Get(valid, i))
                    continue;
                int g = groupOf[i];
                T v = data[i];
                has[g] = true;
                if (max ? v > acc[g] : v < acc[g])
                    acc[g] = v;
            }
            locals[c] = acc;
            seen[c] = has;
        });
        T[] result = locals[0];
        bool[] any = seen[0];
        for (int c = 1; c < locals.Length; c++)
            for (int g = 0; g < result.Length; g++)
            {
                if (!seen[c][g])
                    continue;
                T v = locals[c][g];
                if (!any[g] || (max ? v > result[g] : v < result[g]))
                    result[g] = v;
                any[g] = true;
            }
        present = Bits.FromFlags(any);
        return result;
    }

    /// <summary>The values (nulls skipped) laid out group after group, rows in order, and each group's count.</summary>
    private static (T[] Values, int[] Counts) Scatter<T>(Context ctx, T[] data, ulong[]? valid) where T : unmanaged
    {
        int[] groupOf = ctx.GroupOf;
        var chunkCounts = new int[ctx.Chunks][];
        Parallelism.For(ctx.Chunks, data.Length, (c, s, e) =>
        {
            var n = new int[ctx.Groups];
            for (int i = s; i < e; i++)
                if (valid is null || Bits.Get(valid, i))
                    n[groupOf[i]]++;
            chunkCounts[c] = n;
        });
        var counts = new int[ctx.Groups];
        var positions = new int[ctx.Chunks][];
        int at = 0;
        for (int g = 0; g < ctx.Groups; g++)
        {
            for (int c = 0; c < ctx.Chunks; c++)
            {
                (positions[c] ??= new int[ctx.Groups])[g] = at;
                at += chunkCounts[c][g];
                counts[g] += chunkCounts[c][g];
            }
        }
        var values = GC.AllocateUninitializedArray<T>(at);
        Parallelism.For(ctx.Chunks, data.Length, (c, s, e) =>
        {
            int[] pos = positions[c];
            for (int i = s; i < e; i++)
                if (valid is null || Bits.Get(valid, i))
                    values[pos[groupOf[i]]++] = data[i];
        });
        return (values, counts);
    }

    private static int[] Starts(int[] counts)
    {
        var starts = new int[counts.Length];
        for (int g = 1; g < counts.Length; g++)
            starts[g] = starts[g - 1] + counts[g - 1];
        return starts;
    }

    private static (Column, int[]) Largest(Context ctx, Column column, int k) => column switch
    {
        Int32Column c => Largest(ctx, c, c.Data, k),
        Int64Column c => Largest(ctx, c, c.Data, k),
        TimestampColumn c => Largest(ctx, c, c.Data, k),
        DoubleColumn c => Largest(ctx, c, c.Data, k),
        _ => throw new ArgumentException($"largest of a {column.Type} column: only numbers and timestamps have one"),
    };

    private static (Column, int[]) Largest<T>(Context ctx, PrimitiveColumn<T> column, T[] data, int k) where T : unmanaged, INumber<T>
    {
        (T[] values, int[] counts) = Scatter(ctx, data, column.Validity);
        int[] starts = Starts(counts);
        var kept = new int[ctx.Groups];
        for (int g = 0; g < kept.Length; g++)
            kept[g] = Math.Min(k, counts[g]);
        int[] outStarts = Starts(kept);
        int total = kept.Sum();
        var result = new T[total];
        Parallelism.Each(ctx.Groups, ctx.Threads, g =>
        {
            Span<T> span = values.AsSpan(starts[g], counts[g]);
            Span<T> top = result.AsSpan(outStarts[g], kept[g]);
            // Keep the k largest by insertion into a small descending buffer: k is small, groups may be large.
            int filled = 0;
            foreach (T v in span)
            {
                if (filled < top.Length)
                    filled++;
                else if (v <= top[^1])
                    continue;
                int j = filled - 1;
                while (j > 0 && top[j - 1] < v)
                {
                    top[j] = top[j - 1];
                    j--;
                }
                top[j] = v;
            }
        });
        return (column.With(result, null), kept);
    }

    private static Column Corr(Context ctx, Column x, Column y)
    {
        if (x.Type == ColumnType.String || y.Type == ColumnType.String)
            throw new ArgumentException("corr of a string column: only numbers have one");
        ulong[]? valid = Bits.And(x.Validity, y.Validity);
        return x switch
        {
            Int32Column cx => CorrY(ctx, cx.Data, y, valid),
            DoubleColumn cx => CorrY(ctx, cx.Data, y, valid),
            _ => CorrY(ctx, Frames.Numeric.Doubles(x), y, valid),
        };
    }

    private static Column CorrY<TX>(Context ctx, TX[] x, Column y, ulong[]? valid) where TX : unmanaged, INumber<TX> => y switch
    {
        Int32Column cy => Corr(ctx, x, cy.Data, valid),
        DoubleColumn cy => Corr(ctx, x, cy.Data, valid),
        _ => Corr(ctx, x, Frames.Numeric.Doubles(y), valid),
    };

    private static DoubleColumn Corr<TX, TY>(Context ctx, TX[] x, TY[] y, ulong[]? valid)
        where TX : unmanaged, INumber<TX> where TY : unmanaged, INumber<TY>
    {
        double[] mx = Means(ctx, x, valid, out long[] counts);
        double[] my = Means(ctx, y, valid, out _);
        int[] groupOf = ctx.GroupOf;
        var locals = new double[ctx.Chunks][];
        Parallelism.For(ctx.Chunks, x.Length, (c, s, e) =>
        {
            var acc = new double[3 * ctx.Groups];
            for (int i = s; i < e; i++)
            {
                if (valid is not null && !Bits.Get(valid, i))
                    continue;
                int g = groupOf[i];
                double dx = double.CreateTruncating(x[i]) - mx[g], dy = double.CreateTruncating(y[i]) - my[g];
                acc[3 * g] += dx * dx;
                acc[3 * g + 1] += dy * dy;
                acc[3 * g + 2] += dx * dy;
            }
            locals[c] = acc;
        });
        double[] sums = Merge(locals);
        var r = new double[ctx.Groups];
        var present = new ulong[Bits.Words(ctx.Groups)];
        for (int g = 0; g < r.Length; g++)
        {
            double sxx = sums[3 * g], syy = sums[3 * g + 1];
            if (counts[g] < 2 || sxx == 0 || syy == 0)
                continue;
            r[g] = sums[3 * g + 2] / Math.Sqrt(sxx * syy);
            Bits.Set(present, g);
        }
        return new DoubleColumn(r, present);
    }
}
