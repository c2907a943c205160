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
/// all of them; with fewer groups each slot is an array of its own, which becomes the result. Within a chunk the rows
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
        var outputs = new List<(int Agg, Func<Storage, Column> Make)>();
        for (int a = 0; a < aggs.Count; a++)
        {
            Aggregation agg = aggs[a];
            if (!CanFuse(frame, agg))
                continue;
            if (agg.Column is null)
            {
                Func<Storage, long[]> sizes = plan.RowCounts();
                outputs.Add((a, acc => new Int64Column((long[])sizes(acc).Clone(), null)));
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
        Storage acc = plan.Run(frame.RowCount, threads);
        foreach ((int a, Func<Storage, Column> make) in outputs)
            results[a] = make(acc);
        return results;
    }

    /// <summary>The accumulator slots of one pass and the kernels that fill them.</summary>
    private sealed class Plan(GroupIndex index)
    {
        private readonly List<Kernel> _kernels = [];
        private readonly List<(Func<int, Array> New, int Size)> _slots = [];
        private readonly Dictionary<Column, Kernel> _byColumn = new(ReferenceEqualityComparer.Instance);
        private int _rowCountSlot = -1;

        public GroupIndex Index { get; } = index;

        /// <summary>A new slot holding a <typeparamref name="TSlot"/> per group.</summary>
        public int NewSlot<TSlot>() where TSlot : unmanaged
        {
            _slots.Add((n => new TSlot[n], Unsafe.SizeOf<TSlot>()));
            return _slots.Count - 1;
        }

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
        public Func<Storage, long[]> RowCounts()
        {
            if (Index.Sizes is null && _rowCountSlot < 0)
            {
                _rowCountSlot = NewSlot<long>();
                _kernels.Add(new RowCountKernel(_rowCountSlot));
            }
            return acc => Index.Sizes ??= acc.Take<long>(_rowCountSlot);
        }

        public Storage Run(int rows, int threads)
        {
            int groups = Index.Groups;
            // The ids as an array when one is made already; else each block's computed from the keys into a buffer.
            GroupIds? compute = Index.HasGroupOf ? null : Index.Ids;
            int[]? groupOf = compute is null ? Index.GroupOf : null;
            // Slots side by side when the accumulators outgrow a core's L2 (many groups, random ids: one line per row
            // for all of them); else each slot a dense array of its own, handed out as the result without a copy.
            // (A single slot gains nothing from interleaving.)
            bool interleave = _slots.Count > 1 && (long)groups * _slots.Count * sizeof(long) > InterleaveAbove;
            int chunks = Parallelism.ChunksFor(rows, threads);
            var locals = new Storage[chunks];
            Parallelism.For(chunks, rows, (c, s, e) =>
            {
                var acc = new Storage(groups, _slots, interleave);
                foreach (Kernel k in _kernels)
                    k.Init(acc, 0, groups);
                int[]? buffer = compute is null ? null : new int[Block];
                for (int b = s; b < e; b += Block)
                {
                    int n = Math.Min(e, b + Block) - b;
                    ReadOnlySpan<int> ids;
                    if (compute is null)
                        ids = groupOf.AsSpan(b, n);
                    else
                    {
                        compute(b, buffer.AsSpan(0, n));
                        ids = buffer.AsSpan(0, n);
                    }
                    foreach (Kernel k in _kernels)
                        k.Run(ids, b, acc);
                }
                locals[c] = acc;
            });
            Storage total = locals[0];
            if (chunks > 1)
            {
                // Group ranges in parallel; within a group the chunks are merged in order, as the unfused kernels do.
                Parallelism.For(Parallelism.ChunksFor(groups, threads), groups, (_, g0, g1) =>
                {
                    for (int c = 1; c < chunks; c++)
                        foreach (Kernel k in _kernels)
                            k.Merge(total, locals[c], g0, g1);
                });
            }
            return total;
        }
    }

    /// <summary>Above this many bytes of accumulators (beyond a core's L2) a group's slots sit together.</summary>
    private const long InterleaveAbove = 256 << 10;

    /// <summary>
    /// One chunk's accumulators: either one array of 8-byte slots, group after group (<c>[group * width + slot]</c>),
    /// or one typed array per slot. Kernels address both alike, by a byte base and a byte stride per slot.
    /// </summary>
    private sealed class Storage
    {
        private readonly long[]? _interleaved;
        private readonly Array[]? _perSlot;
        private readonly nint[] _stride;
        private readonly int _groups;

        public Storage(int groups, List<(Func<int, Array> New, int Size)> slots, bool interleave)
        {
            _groups = groups;
            _stride = new nint[slots.Count];
            if (interleave)
            {
                _interleaved = new long[checked(groups * slots.Count)];
                _stride.AsSpan().Fill(slots.Count * sizeof(long));
                return;
            }
            _perSlot = new Array[slots.Count];
            for (int s = 0; s < slots.Count; s++)
            {
                _perSlot[s] = slots[s].New(groups);
                _stride[s] = slots[s].Size;
            }
        }

        /// <summary>Group 0's value of <paramref name="slot"/>.</summary>
        public ref byte Base(int slot) => ref _interleaved is not null
            ? ref Unsafe.As<long, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_interleaved), slot))
            : ref MemoryMarshal.GetArrayDataReference(_perSlot![slot]);

        /// <summary>Bytes from one group's value of <paramref name="slot"/> to the next group's.</summary>
        public nint Stride(int slot) => _stride[slot];

        public ref TSlot At<TSlot>(int group, int slot) where TSlot : unmanaged =>
            ref Unsafe.As<byte, TSlot>(ref Unsafe.Add(ref Base(slot), group * Stride(slot)));

        /// <summary>Every group's value of <paramref name="slot"/>: the slot's own array (callers must not write to it), or a copy.</summary>
        public TSlot[] Take<TSlot>(int slot) where TSlot : unmanaged
        {
            if (_perSlot is not null)
                return (TSlot[])_perSlot[slot];
            var r = GC.AllocateUninitializedArray<TSlot>(_groups);
            for (int g = 0; g < r.Length; g++)
                r[g] = At<TSlot>(g, slot);
            return r;
        }
    }

    private abstract class Kernel
    {
        /// <summary>Starting values of this kernel's slots for groups [g0, g1) (zero unless overridden).</summary>
        public virtual void Init(Storage acc, int g0, int g1)
        {
        }

        /// <summary>Adds rows [s, s + ids.Length) into the chunk's accumulators; ids[k] is row s + k's group.</summary>
        public abstract void Run(ReadOnlySpan<int> ids, int s, Storage acc);

        /// <summary>Folds another chunk's accumulators of groups [g0, g1) into <paramref name="into"/>.</summary>
        public abstract void Merge(Storage into, Storage from, int g0, int g1);

        protected static void MergeAdd<TAcc>(Storage into, Storage from, int slot, int g0, int g1) where TAcc : unmanaged, INumber<TAcc>
        {
            if (slot < 0)
                return;
            for (int g = g0; g < g1; g++)
                into.At<TAcc>(g, slot) += from.At<TAcc>(g, slot);
        }
    }

    /// <summary>Rows per group.</summary>
    private sealed class RowCountKernel(int slot) : Kernel
    {
        public override void Run(ReadOnlySpan<int> ids, int s, Storage acc)
        {
            ref byte a0 = ref acc.Base(slot);
            nint stride = acc.Stride(slot);
            foreach (int g in ids)
                Unsafe.As<byte, long>(ref Unsafe.Add(ref a0, g * stride))++;
        }

        public override void Merge(Storage into, Storage from, int g0, int g1) => MergeAdd<long>(into, from, slot, g0, g1);
    }

    /// <summary>
    /// Every fused aggregate of one column: an integer sum (int64, as <c>sum</c> of an integer column gives), a double
    /// sum (a double column's sum, any column's mean), the count of values (only when the column has nulls; else the
    /// group sizes), min and max. Each requested slot has its own tight loop over the block.
    /// </summary>
    private sealed class ColumnKernel<T>(Plan plan, T[] data, ulong[]? valid) : Kernel where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        private int _sumLong = -1, _sumDouble = -1, _count = -1, _min = -1, _max = -1;

        private int Slot<TSlot>(ref int slot) where TSlot : unmanaged => slot >= 0 ? slot : slot = plan.NewSlot<TSlot>();

        /// <summary>The values present per group: the count slot when the column has nulls, else the group sizes.</summary>
        private Func<Storage, long[]> Counts()
        {
            if (valid is null)
                return plan.RowCounts();
            int slot = Slot<long>(ref _count);
            return acc => acc.Take<long>(slot);
        }

        public Func<Storage, Column> Output(AggregateFunction f, PrimitiveColumn<T> like)
        {
            switch (f)
            {
                case AggregateFunction.Sum when typeof(T) == typeof(double):
                    {
                        int slot = Slot<double>(ref _sumDouble);
                        return acc => new DoubleColumn(acc.Take<double>(slot), null);
                    }
                case AggregateFunction.Sum:
                    {
                        int slot = Slot<long>(ref _sumLong);
                        return acc => new Int64Column(acc.Take<long>(slot), null);
                    }
                case AggregateFunction.Mean:
                    {
                        int slot = Slot<double>(ref _sumDouble);
                        Func<Storage, long[]> counts = Counts();
                        return acc =>
                        {
                            double[] sums = acc.Take<double>(slot);
                            long[] n = counts(acc);
                            // A new array: the sums may also be a sum's result.
                            var mean = new double[sums.Length];
                            for (int g = 0; g < mean.Length; g++)
                                mean[g] = n[g] > 0 ? sums[g] / n[g] : 0;
                            return new DoubleColumn(mean, Present(n));
                        };
                    }
                case AggregateFunction.Count:
                    {
                        Func<Storage, long[]> counts = Counts();
                        return acc => new Int64Column((long[])counts(acc).Clone(), null);
                    }
                default:
                    {
                        int slot = f == AggregateFunction.Max ? Slot<T>(ref _max) : Slot<T>(ref _min);
                        Func<Storage, long[]> counts = Counts();
                        // The unfused kernel's result types: a timestamp stays one, the others keep their type.
                        return acc => like.With(acc.Take<T>(slot), Present(counts(acc)));
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

        public override void Init(Storage acc, int g0, int g1)
        {
            // The unfused min/max start from the type's extremes too (and keep them for a group of NaNs only).
            for (int g = g0; _min >= 0 && g < g1; g++)
                acc.At<T>(g, _min) = T.MaxValue;
            for (int g = g0; _max >= 0 && g < g1; g++)
                acc.At<T>(g, _max) = T.MinValue;
        }

        public override void Run(ReadOnlySpan<int> ids, int s, Storage acc)
        {
            if (_sumLong >= 0)
                Sum<long>(ids, s, acc, _sumLong);
            if (_sumDouble >= 0)
                Sum<double>(ids, s, acc, _sumDouble);
            if (_count >= 0)
                Count(ids, s, acc, _count);
            if (_min >= 0)
                Extreme<Less>(ids, s, acc, _min);
            if (_max >= 0)
                Extreme<Greater>(ids, s, acc, _max);
        }

        public override void Merge(Storage into, Storage from, int g0, int g1)
        {
            MergeAdd<long>(into, from, _sumLong, g0, g1);
            MergeAdd<double>(into, from, _sumDouble, g0, g1);
            MergeAdd<long>(into, from, _count, g0, g1);
            MergeExtreme<Less>(into, from, _min, g0, g1);
            MergeExtreme<Greater>(into, from, _max, g0, g1);
        }

        private void Sum<TAcc>(ReadOnlySpan<int> ids, int s, Storage acc, int slot) where TAcc : unmanaged, INumber<TAcc>
        {
            ref byte a0 = ref acc.Base(slot);
            nint stride = acc.Stride(slot);
            ref int g0 = ref MemoryMarshal.GetReference(ids);
            int n = ids.Length;
            ref T d0 = ref MemoryMarshal.GetReference(data.AsSpan(s, n)); // row s's value
            if (valid is null)
            {
                int i = 0;
                // Four rows per step: the four loads of ids and values issue ahead of the dependent adds.
                for (; i + 4 <= n; i += 4)
                {
                    nint ga = Unsafe.Add(ref g0, i) * stride, gb = Unsafe.Add(ref g0, i + 1) * stride;
                    nint gc = Unsafe.Add(ref g0, i + 2) * stride, gd = Unsafe.Add(ref g0, i + 3) * stride;
                    TAcc va = TAcc.CreateTruncating(Unsafe.Add(ref d0, i)), vb = TAcc.CreateTruncating(Unsafe.Add(ref d0, i + 1));
                    TAcc vc = TAcc.CreateTruncating(Unsafe.Add(ref d0, i + 2)), vd = TAcc.CreateTruncating(Unsafe.Add(ref d0, i + 3));
                    // In row order: a double group's sum rounds exactly as the one-aggregate kernel's.
                    Unsafe.As<byte, TAcc>(ref Unsafe.Add(ref a0, ga)) += va;
                    Unsafe.As<byte, TAcc>(ref Unsafe.Add(ref a0, gb)) += vb;
                    Unsafe.As<byte, TAcc>(ref Unsafe.Add(ref a0, gc)) += vc;
                    Unsafe.As<byte, TAcc>(ref Unsafe.Add(ref a0, gd)) += vd;
                }
                for (; i < n; i++)
                    Unsafe.As<byte, TAcc>(ref Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * stride)) += TAcc.CreateTruncating(Unsafe.Add(ref d0, i));
                return;
            }
            ulong[] v = valid;
            for (int i = 0; i < n; i++)
                if (Bits.Get(v, s + i))
                    Unsafe.As<byte, TAcc>(ref Unsafe.Add(ref a0, Unsafe.Add(ref g0, i) * stride)) += TAcc.CreateTruncating(Unsafe.Add(ref d0, i));
        }

        private void Count(ReadOnlySpan<int> ids, int s, Storage acc, int slot)
        {
            ref byte a0 = ref acc.Base(slot);
            nint stride = acc.Stride(slot);
            ulong[] v = valid!;
            for (int i = 0; i < ids.Length; i++)
                if (Bits.Get(v, s + i))
                    Unsafe.As<byte, long>(ref Unsafe.Add(ref a0, ids[i] * stride))++;
        }

        private void Extreme<TCompare>(ReadOnlySpan<int> ids, int s, Storage acc, int slot) where TCompare : struct, ICompare
        {
            ref byte a0 = ref acc.Base(slot);
            nint stride = acc.Stride(slot);
            ReadOnlySpan<T> values = data.AsSpan(s, ids.Length);
            ulong[]? v = valid;
            for (int i = 0; i < ids.Length; i++)
            {
                if (v is not null && !Bits.Get(v, s + i))
                    continue;
                ref T a = ref Unsafe.As<byte, T>(ref Unsafe.Add(ref a0, ids[i] * stride));
                T x = values[i];
                // Replace only on a strict improvement, as the unfused kernel: a NaN never replaces, ties keep the first.
                if (TCompare.Better(x, a))
                    a = x;
            }
        }

        private static void MergeExtreme<TCompare>(Storage into, Storage from, int slot, int g0, int g1) where TCompare : struct, ICompare
        {
            if (slot < 0)
                return;
            for (int g = g0; g < g1; g++)
            {
                T x = from.At<T>(g, slot);
                ref T a = ref into.At<T>(g, slot);
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
