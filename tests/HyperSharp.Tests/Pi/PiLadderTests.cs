using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Pi;
using HyperSharp.Processes;

namespace HyperSharp.Tests.Pi;

public sealed class PiLadderTests
{
    [Fact]
    public void Ladder_HasTheBriefsRungsReferenceFirst()
    {
        Assert.Equal(["reference", "pertask", "batched", "simd", "threads", "processes", "gpu", "native", "distributed"], Catalog.Pi.Rungs.Select(r => r.Name));
        Assert.Contains(Catalog.Pi, Catalog.Ladders);
    }

    [Fact]
    public void PerTask_MoreThanAMillionSamples_ThrowsSpecException() =>
        Assert.Throws<SpecException>(() => new PiPerTask().Run(new PiProblem(1_000_001, 1), RunContext.Default));

    [Theory]
    [InlineData(10, 0, 2)]
    [InlineData(10, -1, 0)]
    [InlineData(-1, 0, 0)]
    [InlineData(3 * PiStream.BlockSize, 2, 1)]
    [InlineData(3 * PiStream.BlockSize, 0, 4)]
    public void Worker_BlocksOutsideTheRun_ThrowsSpecException(long samples, long first, long end) =>
        Assert.Throws<SpecException>(() => PiProcesses.Work(samples, 1, first, end));

    [Fact]
    public void ShrinkTo_KeepsSeedAndCutsSamples()
    {
        var spec = new PiSpec(1_000_000_000, 9);
        Assert.Equal(new PiSpec(200_000_000, 9), Catalog.Pi.ShrinkTo(spec, 2e8));
        Assert.Same(spec, Catalog.Pi.ShrinkTo(spec, 1e9));
    }

    [Fact]
    public void WorkerProcesses_FindsHyperNextToTheTests() =>
        Assert.EndsWith("hyper.dll", WorkerProcesses.Hyper()[^1], StringComparison.Ordinal);
}
