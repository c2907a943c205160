using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace HyperSharp.Harness.Tables;

/// <summary>
/// One way of building a sequence of N ints, observed: the backing arrays it allocated and the elements it copied
/// into a bigger one (seen through its capacity after each add, in a first build), the bytes allocated
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> around a second, unobserved build) and the time to build it.
/// </summary>
/// <param name="Arrays">Backing arrays allocated; null where no capacity can be watched (a tree).</param>
/// <param name="Copied">Elements copied when the backing array grew; null where no capacity can be watched.</param>
public sealed record GrowthRow(string Structure, string Analogue, int N, int? Arrays, long? Copied, long AllocatedBytes, OperationPoint Build)
{
    public double BytesPerElement => (double)AllocatedBytes / N;
}

/// <summary>
/// Gorelick ch. 3's lists against tuples, in .NET: a list that grows by doubling (CPython's list over-allocates
/// too) against one sized up front, a plain array, and the immutable types a tuple corresponds to.
/// </summary>
public static class Growth
{
    /// <summary>The structures: name, the Python it stands for, how to build N elements while watching its capacity.</summary>
    private static readonly (string Name, string Analogue, Func<int, Observed> Observe, Func<int, long> Build)[] s_structures =
    [
        ("List<int>, Add from empty", "list.append in a loop", ObserveGrownList, BuildGrownList),
        ("new List<int>(N), Add", "[0] * N, then assign", ObservePresizedList, BuildPresizedList),
        ("new int[N]", "array.array('i', …) of known size", ObserveArray, BuildArray),
        ("ImmutableArray.CreateBuilder<int>(N) + MoveToImmutable()", "tuple (sized once, never changed)", ObserveImmutableArray, BuildImmutableArray),
        ("grown List<int>, then ToImmutableArray()", "tuple(lst)", ObserveListThenImmutable, BuildListThenImmutable),
        ("ImmutableList<int>.Builder, Add", "(a balanced tree: no Python analogue)", ObserveImmutableList, BuildImmutableList),
    ];

    /// <summary>What building N elements was seen to do, and the sum of the elements built (the check).</summary>
    internal readonly record struct Observed(int? Arrays, long? Copied, long Sum);

    public static IReadOnlyList<string> Structures { get; } = s_structures.Select(s => s.Name).ToArray();

    public static IReadOnlyList<GrowthRow> Measure(int n, MeasureOptions options) =>
        s_structures.Select(s =>
        {
            Observed seen = s.Observe(n);
            Counterpart build = Counterpart.Of(s.Name, true, (size, _) => size, (size, _) => s.Build(size));
            OperationPoint time = OperationTimer.Measure(build, n, 1, options);
            // After the timed runs, so that no first-call work (type initialisers) is counted.
            return new GrowthRow(s.Name, s.Analogue, n, seen.Arrays, seen.Copied, AllocatedBy(s.Build, n), time);
        }).ToArray();

    /// <summary>Observes structure <paramref name="index"/> building N elements (for the tests).</summary>
    internal static Observed Observe(int index, int n) => s_structures[index].Observe(n);

    /// <summary>Builds structure <paramref name="index"/> unobserved; its last element (for the tests).</summary>
    internal static long BuildOnce(int index, int n) => s_structures[index].Build(n);

    /// <summary>Bytes this thread allocates while <paramref name="build"/> builds N elements, unobserved.</summary>
    internal static long AllocatedBy(Func<int, long> build, int n)
    {
        long start = GC.GetAllocatedBytesForCurrentThread();
        build(n);
        return GC.GetAllocatedBytesForCurrentThread() - start;
    }

    internal static long AllocatedBy(int index, int n) => AllocatedBy(s_structures[index].Build, n);

    /// <summary>
    /// Adds 0..N−1 through <paramref name="add"/>, counting each capacity change: a new backing array, into which the
    /// elements held so far were copied. The first array counts as allocated, nothing copied.
    /// </summary>
    private static (int Arrays, long Copied) Watch(int n, Func<int> capacity, Func<int> count, Action<int> add)
    {
        int arrays = capacity() > 0 ? 1 : 0;
        long copied = 0;
        for (int i = 0; i < n; i++)
        {
            int before = capacity(), held = count();
            add(i);
            if (capacity() != before)
            {
                arrays++;
                copied += held;
            }
        }
        return (arrays, copied);
    }

    private static Observed ObserveGrownList(int n)
    {
        var list = new List<int>();
        (int arrays, long copied) = Watch(n, () => list.Capacity, () => list.Count, list.Add);
        return new(arrays, copied, list.Sum(v => (long)v));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildGrownList(int n)
    {
        var list = new List<int>();
        for (int i = 0; i < n; i++)
            list.Add(i);
        return list[^1];
    }

    private static Observed ObservePresizedList(int n)
    {
        var list = new List<int>(n);
        (int arrays, long copied) = Watch(n, () => list.Capacity, () => list.Count, list.Add);
        return new(arrays, copied, list.Sum(v => (long)v));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildPresizedList(int n)
    {
        var list = new List<int>(n);
        for (int i = 0; i < n; i++)
            list.Add(i);
        return list[^1];
    }

    private static Observed ObserveArray(int n)
    {
        int[] array = new int[n];
        for (int i = 0; i < n; i++)
            array[i] = i;
        return new(1, 0, array.Sum(v => (long)v));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildArray(int n)
    {
        int[] array = new int[n];
        for (int i = 0; i < n; i++)
            array[i] = i;
        return array[^1];
    }

    private static Observed ObserveImmutableArray(int n)
    {
        ImmutableArray<int>.Builder builder = ImmutableArray.CreateBuilder<int>(n);
        (int arrays, long copied) = Watch(n, () => builder.Capacity, () => builder.Count, builder.Add);
        ImmutableArray<int> frozen = builder.MoveToImmutable();
        return new(arrays, copied, frozen.Sum(v => (long)v));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildImmutableArray(int n)
    {
        ImmutableArray<int>.Builder builder = ImmutableArray.CreateBuilder<int>(n);
        for (int i = 0; i < n; i++)
            builder.Add(i);
        return builder.MoveToImmutable()[^1];
    }

    /// <summary>The list grows as above; freezing it copies every element once more into a new array of exactly N.</summary>
    private static Observed ObserveListThenImmutable(int n)
    {
        var list = new List<int>();
        (int arrays, long copied) = Watch(n, () => list.Capacity, () => list.Count, list.Add);
        ImmutableArray<int> frozen = list.ToImmutableArray();
        // ToImmutableArray copies (it must: the list may change later); the copy's array is one more, N more copied.
        return new(arrays + (n > 0 ? 1 : 0), copied + n, frozen.Sum(v => (long)v));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildListThenImmutable(int n)
    {
        var list = new List<int>();
        for (int i = 0; i < n; i++)
            list.Add(i);
        return list.ToImmutableArray()[^1];
    }

    private static Observed ObserveImmutableList(int n)
    {
        ImmutableList<int>.Builder builder = ImmutableList.CreateBuilder<int>();
        for (int i = 0; i < n; i++)
            builder.Add(i);
        ImmutableList<int> frozen = builder.ToImmutable();
        return new(null, null, frozen.Sum(v => (long)v));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildImmutableList(int n)
    {
        ImmutableList<int>.Builder builder = ImmutableList.CreateBuilder<int>();
        for (int i = 0; i < n; i++)
            builder.Add(i);
        return builder.ToImmutable()[^1];
    }
}
