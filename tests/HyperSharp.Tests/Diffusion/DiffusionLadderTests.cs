using HyperSharp.Diffusion;
using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Diffusion;

/// <summary>The ladder's spec handling: the book's start, validation, work, shrinking for verification.</summary>
public sealed class DiffusionLadderTests
{
    private static readonly DiffusionLadder s_ladder = Catalog.Diffusion;

    [Fact]
    public void Ladder_HasTheRungsOfTheIssue_ReferenceFirst()
    {
        Assert.Equal(["reference", "inplace", "simd", "tiled", "threads", "gpu", "native"], s_ladder.Rungs.Select(r => r.Name));
        Assert.Contains(s_ladder, Catalog.Ladders);
    }

    [Theory]
    [InlineData(10, 4, 5)]
    [InlineData(640, 256, 320)]
    [InlineData(7, 2, 3)]
    [InlineData(3, 1, 1)]
    public void Book_Start_IsTheBlockFrom40To50Percent(int size, int lo, int hi)
    {
        DiffusionProblem problem = DiffusionProblem.Book(size, steps: 1);
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                bool hot = i >= lo && i < hi && j >= lo && j < hi;
                Assert.Equal(hot ? DiffusionSpec.BlockHeat : 0, problem.Initial[i * size + j]);
            }
        DiffusionProblem line = DiffusionProblem.Book(size, steps: 1, dims: 1);
        for (int j = 0; j < size; j++)
            Assert.Equal(j >= lo && j < hi ? DiffusionSpec.BlockHeat : 0, line.Initial[j]);
    }

    [Fact]
    public void Work_IsCellsTimesSteps()
    {
        Assert.Equal(640.0 * 640 * 500, s_ladder.Work(DiffusionSpec.BookBenchmark));
        Assert.Equal(1000.0 * 7, s_ladder.Work(new DiffusionSpec(1000, 7, Dims: 1)));
    }

    [Theory]
    [InlineData(8192, 500, 2)]
    [InlineData(640, 500, 2)]
    [InlineData(30_000, 10, 2)]
    [InlineData(100_000_000, 100, 1)]
    public void ShrinkTo_StaysWithinTheBudgetAndKeepsTheGridWhenItCan(int size, int steps, int dims)
    {
        var spec = new DiffusionSpec(size, steps, dims);
        DiffusionSpec small = s_ladder.ShrinkTo(spec, 2e8);
        Assert.True(s_ladder.Work(small) <= 2e8);
        Assert.True(small.Steps >= 1 && small.Size >= 1);
        if (spec.Cells <= 2e8)
            Assert.Equal(size, small.Size);
    }
}
