using System.Collections.Immutable;
using HyperSharp.Harness;
using HyperSharp.Harness.Tables;

namespace HyperSharp.Tests.Tables;

/// <summary>The lists-vs-tuples table: what each way of building N ints is seen to allocate and copy.</summary>
public sealed class GrowthTests
{
    private static int Index(string prefix) => Growth.Structures.ToList().FindIndex(s => s.StartsWith(prefix, StringComparison.Ordinal));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(1000)]
    [InlineData(30_000)]
    public void GrownList_DoublesFromFour(int n)
    {
        // Capacities 4, 8, 16, … up to the first ≥ N; each growth copies everything held (the old capacity).
        var capacities = new List<int> { 4 };
        while (capacities[^1] < n)
            capacities.Add(capacities[^1] * 2);
        Growth.Observed seen = Growth.Observe(Index("List<int>, Add"), n);
        Assert.Equal(capacities.Count, seen.Arrays);
        Assert.Equal(capacities.Take(capacities.Count - 1).Sum(c => (long)c), seen.Copied);
        Assert.Equal((long)n * (n - 1) / 2, seen.Sum);
    }

    [Theory]
    [InlineData("new List<int>(N)")]
    [InlineData("new int[N]")]
    [InlineData("ImmutableArray.CreateBuilder")]
    public void PresizedStructures_AllocateOneArray_AndCopyNothing(string prefix)
    {
        Growth.Observed seen = Growth.Observe(Index(prefix), 10_000);
        Assert.Equal(1, seen.Arrays);
        Assert.Equal(0, seen.Copied);
        Assert.Equal(10_000L * 9_999 / 2, seen.Sum);
        Assert.Equal(9_999, Growth.BuildOnce(Index(prefix), 10_000));
        // Four bytes an int and a few dozen bytes of headers: nothing else.
        long bytes = Growth.AllocatedBy(Index(prefix), 10_000);
        Assert.InRange(bytes, 40_000, 40_200);
    }

    [Fact]
    public void ToImmutableArray_Copies_SoTheCopyCountedIsReal()
    {
        var list = new List<int> { 1, 2, 3 };
        ImmutableArray<int> frozen = list.ToImmutableArray();
        list[0] = 99;
        Assert.Equal(1, frozen[0]);
        Growth.Observed seen = Growth.Observe(Index("grown List<int>, then"), 1000);
        Growth.Observed grown = Growth.Observe(Index("List<int>, Add"), 1000);
        Assert.Equal(grown.Arrays + 1, seen.Arrays);
        Assert.Equal(grown.Copied + 1000, seen.Copied);
    }

    [Fact]
    public void Measure_GivesARowPerStructure_WithBytesAtLeastTheInts()
    {
        IReadOnlyList<GrowthRow> rows = Growth.Measure(2000, MeasureOptions.Quick);
        Assert.Equal(Growth.Structures, rows.Select(r => r.Structure));
        Assert.All(rows, r => Assert.True(r.BytesPerElement >= 4, $"{r.Structure}: {r.BytesPerElement} bytes per int"));
        Assert.All(rows, r => Assert.Equal(1999, r.Build.Result));
    }
}
