using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperSharp.Frames;

/// <summary>
/// Every sum, mean, count, min and max of a <see cref="GroupBy.Agg(Aggregation[])"/> in one pass over the rows: each
/// thread takes one contiguous chunk of rows (the same chunks as <see cref="Aggregator"/>) and walks it in blocks small
/// enough that the block's group ids stay in L1 while every column's kernel runs over it, so the group ids and each
/// column are read from memory once however many aggregates use them. A group's accumulators sit side by side
/// (<c>acc[group * width + slot]</c>) when the groups are too many for the cache, so that a row touches one line for
/// all of them; with fewer groups each slot has its own dense run (<c>acc[slot * groups + group]</c>). Within a chunk the rows
/// are added in order and the chunks are merged in chunk order, exactly as the one-aggregate kernels do, so the fused
/// answer is bit for bit the unfused one (and depends on the thread count only as that one does, by rounding).
/// </summary>
internal static class FusedAggregator
{
    /// <summary>Rows per block: 2 Ki group ids (8 KiB) and 2 Ki values of each column (up to 16 KiB) stay in L1.</summary>
    private const int Block = 2048;

    /// <summary>Whether <paramref name="a"/> can be computed by the fused pass (other aggregates keep their own kernels).</summary>
    public static bool CanFuse(DataFrame frame, Aggregation a) => a.Function switch
    {
        AggregateFunction.Count => a.Column is null || frame[a.Column] is Int32Column or Int64Column or TimestampColumn or DoubleColumn,
        AggregateFunction.Sum or AggregateFunction.Mean or AggregateFunction.Min or AggregateFunction.Max =>
            frame[a.Column!] is Int32Column or Int64Column or TimestampColumn or DoubleColumn,
        _ => false,
    };

    /// <summary>
    /// The result column of each aggregate that <see cref="CanFuse"/> takes, computed together; null for the others.
    /// </summary>
    public static Column?[] Compute(DataFrame frame, IReadOnlyList<Aggregation> aggs, GroupIndex index, int threads)
    {
        var results = new Column?[aggs.Count];
        var plan = new Plan(index);
        var outputs = new List<(int Agg, Func<long[], Column> Make)>();
        for (int a = 0; a < aggs.Count; a++)
        {
            Aggregation agg = aggs[a];
            if (!CanFuse(frame, agg))
                continue;
            if (agg.Column is null)
            {
                Func<long[]> sizes = plan.RowCounts();
                outputs.Add((a, _ => new Int64Column((long[])sizes().Clone(), null)));
                continue;
            }
            outputs.Add((a, frame[agg.Column] switch
            {
                Int32Column c => plan.Column(c).Output(agg.Function, c),
                TimestampColumn c => plan.Column(c).Output(agg.Function, c),
                Int64Column c => plan.Column(c).Output(agg.Function, c),
                DoubleColumn c => plan.Column(c).Output(agg.Function, c),
                _ => throw new InvalidOperationException("CanFuse admitted a column the plan cannot take."),
            }));
        }
        if (outputs.Count == 0)
            return results;
        long[] acc = plan.Run(frame.RowCount, threads);
        foreach ((int a, Func<long[], Column> make) in outputs)
            results[a] = make(acc);
        return results;
    }

    /// <summary>The accumulator slots of one pass and the kernels that fill them.</summary>
    private sealed class Plan(GroupIndex index)
    {
        private readonly List<Kernel> _kernels = [];
        private readonly Dictionary<Column, Kernel> _byColumn = new(ReferenceEqualityComparer.Instance);
        private int _rowCountSlot = -1;
        private long[]? _acc;
        private Layout _layout;

        public GroupIndex Index { get; } = index;

        public int Width { get; private set; }

        public int NewSlot() => Width++;

        public ColumnKernel<T> Column<T>(PrimitiveColumn<T> column) where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            if (!_byColumn.TryGetValue(column, out Kernel? k))
            {
                k = new ColumnKernel<T>(this, column.Data, column.Validity);
                _byColumn.Add(column, k);
                _kernels.Add(k);
            }
            return (ColumnKernel<T>)k;
        }

        /// <summary>Each group's row count: the index's when it has them, else a slot of this pass (kept on the index).</summary>
        public Func<long[]> RowCounts()
        {
            if (Index.Sizes is null && _rowCountSlot < 0)
            {
                _rowCountSlot = NewSlot();
                _kernels.Add(new RowCountKernel(_rowCountSlot));
            }
            return () => Index.Sizes ??= Extract<long>(_acc!, _rowCountSlot);
        }

        /// <summary>Slot <paramref name="slot"/> of every group, as an array of <typeparamref name="TSlot"/>.</summary>
        public TSlot[] Extract<TSlot>(long[] acc, int slot) where TSlot : unmanaged
        {
            int groups = Index.Groups;
            Layout layout = _layout;
            var r = GC.AllocateUninitializedArray<TSlot>(groups);
            for (int g = 0; g < groups; g++)
                r[g] = Unsafe.As<long, TSlot>(ref acc[layout.At(g, slot)]);
            return r;
        }

        public long[] Run(int rows, int threads)
        {
            int groups = Index.Groups, width = Width;
            int[] groupOf = Index.GroupOf;
            Layout layout = _layout = Layout.For(groups, width);
            int chunks = Parallelism.ChunksFor(rows, threads);
            var locals = new long[chunks][];
            Parallelism.For(chunks, rows, (c, s, e) =>
            {
                long[] acc = new long[checked(groups * width)];
                foreach (Kernel k in _kernels)
                    k.Init(acc, layout, 0, groups);
                for (int b = s; b < e; b += Block)
                {
                    int be = Math.Min(e, b + Block);
                    foreach (Kernel k in _kernels)
                        k.Run(groupOf, b, be, acc, layout);
                }
                locals[c] = acc;
            });
            long[] total = locals[0];
            if (chunks > 1)
            {
                // Group ranges in parallel; within a group the chunks are merged in order, as the unfused kernels do.
                Parallelism.For(Parallelism.ChunksFor(groups * width, threads), groups, (_, g0, g1) =>
                {
                    for (int c = 1; c < chunks; c++)
                        foreach (Kernel k in _kernels)
                            k.Merge(total, locals[c], layout, g0, g1);
                });
            }
            return _acc = total;
        }
    }

    /// <summary>Where group g's slot s lies in a chunk's accumulator array.</summary>
    private readonly record struct Layout(nint GroupStride, nint SlotStride)
    {
        /// <summary>Above this many bytes of accumulators (beyond a core's L2) a group's slots sit together.</summary>
        private const long InterleaveAbove = 256 << 10;

        public static Layout For(int groups, int width) =>
            (long)groups * width * sizeof(long) > InterleaveAbove ? new(width, 1) : new(1, groups);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long At(int group, int slot) => group * GroupStride + slot * SlotStride;
    }

    private abstract class Kernel
    {
        /// <summary>Starting values of this kernel's slots for groups [g0, g1) (zero unless overridden).</summary>
        public virtual void Init(long[] acc, Layout layout, int g0, int g1)
        {
        }

        /// <summary>Adds rows [s, e) into the chunk's accumulators.</summary>
        public abstract void Run(int[] groupOf, int s, int e, long[] acc, Layout layout);

        /// <summary>Folds another chunk's accumulators of groups [g0, g1) into <paramref name="into"/>.</summary>
        public abstract void Merge(long[] into, long[] from, Layout layout, int g0, int g1);

        protected static void MergeAdd<TAcc>(long[] into, long[] from, Layout layout, int slot, int g0, int g1) where TAcc : unmanaged, INumber<TAcc>
        {
            if (slot < 0)
                return;
            for (int g = g0; g < g1; g++)
            {
                long at = layout.At(g, slot);
                Unsafe.As<long, TAcc>(ref into[at]) += Unsafe.As<long, TAcc>(ref from[at]);
            }
        }
    }

    /// <summary>Rows per group.</summary>
    private sealed class RowCountKernel(int slot) : Kernel
    {
        public override void Run(int[] groupOf, int s, int e, long[] acc, Layout layout)
        {
            ref long a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(acc), slot * layout.SlotStride);
            ref int g0 = ref MemoryMarshal.GetArrayDataReference(groupOf);
            nint gs = layout.GroupStride;
            for (int i = s; i < e; i++)
                Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * gs)++;
        }

        public override void Merge(long[] into, long[] from, Layout layout, int g0, int g1) => MergeAdd<long>(into, from, layout, slot, g0, g1);
    }

    /// <summary>
    /// Every fused aggregate of one column: an integer sum (int64, as <c>sum</c> of an integer column gives), a double
    /// sum (a double column's sum, any column's mean), the count of values (only when the column has nulls; else the
    /// group sizes), min and max. Each requested slot has its own tight loop over the block.
    /// </summary>
    private sealed class ColumnKernel<T>(Plan plan, T[] data, ulong[]? valid) : Kernel where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        private int _sumLong = -1, _sumDouble = -1, _count = -1, _min = -1, _max = -1;

        private int Slot(ref int slot) => slot >= 0 ? slot : slot = plan.NewSlot();

        /// <summary>The values present per group: the count slot when the column has nulls, else the group sizes.</summary>
        private Func<long[], long[]> Counts()
        {
            if (valid is null)
            {
                Func<long[]> sizes = plan.RowCounts();
                return _ => sizes();
            }
            int slot = Slot(ref _count);
            return acc => plan.Extract<long>(acc, slot);
        }

        public Func<long[], Column> Output(AggregateFunction f, PrimitiveColumn<T> like)
        {
            switch (f)
            {
                case AggregateFunction.Sum when typeof(T) == typeof(double):
                    {
                        int slot = Slot(ref _sumDouble);
                        return acc => new DoubleColumn(plan.Extract<double>(acc, slot), null);
                    }
                case AggregateFunction.Sum:
                    {
                        int slot = Slot(ref _sumLong);
                        return acc => new Int64Column(plan.Extract<long>(acc, slot), null);
                    }
                case AggregateFunction.Mean:
                    {
                        int slot = Slot(ref _sumDouble);
                        Func<long[], long[]> counts = Counts();
                        return acc =>
                        {
                            double[] sums = plan.Extract<double>(acc, slot);
                            long[] n = counts(acc);
                            for (int g = 0; g < sums.Length; g++)
                                sums[g] = n[g] > 0 ? sums[g] / n[g] : 0;
                            return new DoubleColumn(sums, Present(n));
                        };
                    }
                case AggregateFunction.Count:
                    {
                        Func<long[], long[]> counts = Counts();
                        return acc => new Int64Column((long[])counts(acc).Clone(), null);
                    }
                default:
                    {
                        int slot = f == AggregateFunction.Max ? Slot(ref _max) : Slot(ref _min);
                        Func<long[], long[]> counts = Counts();
                        return acc =>
                        {
                            T[] values = plan.Extract<T>(acc, slot);
                            long[] n = counts(acc);
                            ulong[]? present = Present(n);
                            // The unfused kernel's result types: a timestamp stays one, the others keep their type.
                            return like.With(values, present);
                        };
                    }
            }
        }

        private static ulong[] Present(long[] counts)
        {
            var bits = new ulong[Bits.Words(counts.Length)];
            for (int g = 0; g < counts.Length; g++)
                if (counts[g] > 0)
                    Bits.Set(bits, g);
            return bits;
        }

        public override void Init(long[] acc, Layout layout, int g0, int g1)
        {
            if (_min < 0 && _max < 0)
                return;
            // The unfused min/max start from the type's extremes too (and keep them for a group of NaNs only).
            for (int g = g0; g < g1; g++)
            {
                if (_min >= 0)
                    Unsafe.As<long, T>(ref acc[layout.At(g, _min)]) = T.MaxValue;
                if (_max >= 0)
                    Unsafe.As<long, T>(ref acc[layout.At(g, _max)]) = T.MinValue;
            }
        }

        public override void Run(int[] groupOf, int s, int e, long[] acc, Layout layout)
        {
            if (_sumLong >= 0)
                Sum<long>(groupOf, s, e, acc, layout, _sumLong);
            if (_sumDouble >= 0)
                Sum<double>(groupOf, s, e, acc, layout, _sumDouble);
            if (_count >= 0)
                Count(groupOf, s, e, acc, layout, _count);
            if (_min >= 0)
                Extreme<Less>(groupOf, s, e, acc, layout, _min);
            if (_max >= 0)
                Extreme<Greater>(groupOf, s, e, acc, layout, _max);
        }

        public override void Merge(long[] into, long[] from, Layout layout, int g0, int g1)
        {
            MergeAdd<long>(into, from, layout, _sumLong, g0, g1);
            MergeAdd<double>(into, from, layout, _sumDouble, g0, g1);
            MergeAdd<long>(into, from, layout, _count, g0, g1);
            MergeExtreme<Less>(into, from, layout, _min, g0, g1);
            MergeExtreme<Greater>(into, from, layout, _max, g0, g1);
        }

        private void Sum<TAcc>(int[] groupOf, int s, int e, long[] acc, Layout layout, int slot) where TAcc : unmanaged, INumber<TAcc>
        {
            ref long a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(acc), slot * layout.SlotStride);
            nint gs = layout.GroupStride;
            ref int g0 = ref MemoryMarshal.GetArrayDataReference(groupOf);
            ref T d0 = ref MemoryMarshal.GetArrayDataReference(data);
            if (valid is null)
            {
                int i = s;
                // Four rows per step: the four loads of ids and values issue ahead of the dependent adds.
                for (; i + 4 <= e; i += 4)
                {
                    nint ga = Unsafe.Add(ref g0, i) * gs, gb = Unsafe.Add(ref g0, i + 1) * gs;
                    nint gc = Unsafe.Add(ref g0, i + 2) * gs, gd = Unsafe.Add(ref g0, i + 3) * gs;
                    TAcc va = TAcc.CreateTruncating(Unsafe.Add(ref d0, i)), vb = TAcc.CreateTruncating(Unsafe.Add(ref d0, i + 1));
                    TAcc vc = TAcc.CreateTruncating(Unsafe.Add(ref d0, i + 2)), vd = TAcc.CreateTruncating(Unsafe.Add(ref d0, i + 3));
                    // In row order: a double group's sum rounds exactly as the one-aggregate kernel's.
                    Unsafe.As<long, TAcc>(ref Unsafe.Add(ref a0, ga)) += va;
                    Unsafe.As<long, TAcc>(ref Unsafe.Add(ref a0, gb)) += vb;
                    Unsafe.As<long, TAcc>(ref Unsafe.Add(ref a0, gc)) += vc;
                    Unsafe.As<long, TAcc>(ref Unsafe.Add(ref a0, gd)) += vd;
                }
                for (; i < e; i++)
                    Unsafe.As<long, TAcc>(ref Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * gs)) += TAcc.CreateTruncating(Unsafe.Add(ref d0, i));
                return;
            }
            ulong[] v = valid;
            for (int i = s; i < e; i++)
                if (Bits.Get(v, i))
                    Unsafe.As<long, TAcc>(ref Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * gs)) += TAcc.CreateTruncating(Unsafe.Add(ref d0, i));
        }

        private void Count(int[] groupOf, int s, int e, long[] acc, Layout layout, int slot)
        {
            ref long a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(acc), slot * layout.SlotStride);
            nint gs = layout.GroupStride;
            ref int g0 = ref MemoryMarshal.GetArrayDataReference(groupOf);
            ulong[] v = valid!;
            for (int i = s; i < e; i++)
                if (Bits.Get(v, i))
                    Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * gs)++;
        }

        private void Extreme<TCompare>(int[] groupOf, int s, int e, long[] acc, Layout layout, int slot) where TCompare : struct, ICompare
        {
            ref long a0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(acc), slot * layout.SlotStride);
            nint gs = layout.GroupStride;
            ref int g0 = ref MemoryMarshal.GetArrayDataReference(groupOf);
            ref T d0 = ref MemoryMarshal.GetArrayDataReference(data);
            ulong[]? v = valid;
            for (int i = s; i < e; i++)
            {
                if (v is not null && !Bits.Get(v, i))
                    continue;
                ref T a = ref Unsafe.As<long, T>(ref Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * gs));
                T x = Unsafe.Add(ref d0, i);
                // Replace only on a strict improvement, as the unfused kernel: a NaN never replaces, ties keep the first.
                if (TCompare.Better(x, a))
                    a = x;
            }
        }

        private static void MergeExtreme<TCompare>(long[] into, long[] from, Layout layout, int slot, int g0, int g1) where TCompare : struct, ICompare
        {
            if (slot < 0)
                return;
            for (int g = g0; g < g1; g++)
            {
                long at = layout.At(g, slot);
                T x = Unsafe.As<long, T>(ref from[at]);
                ref T a = ref Unsafe.As<long, T>(ref into[at]);
                if (TCompare.Better(x, a))
                    a = x;
            }
        }
    }

    private interface ICompare
    {
        static abstract bool Better<T>(T x, T than) where T : INumber<T>;
    }

    private readonly struct Less : ICompare
    {
        public static bool Better<T>(T x, T than) where T : INumber<T> => x < than;
    }

    private readonly struct Greater : ICompare
    {
        public static bool Better<T>(T x, T than) where T : INumber<T> => x > than;
    }
}
