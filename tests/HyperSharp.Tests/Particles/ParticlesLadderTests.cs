using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Tests.Particles;

public sealed class ParticlesLadderTests
{
    private static readonly ParticlesLadder s_ladder = Catalog.Particles;

    [Fact]
    public void Registry_ListsReferenceFirstThenEveryRungOfTheIssue()
    {
        Assert.Equal(["reference", "soa", "simd", "reciprocal", "threads", "fastmath", "gpu", "native"], s_ladder.Rungs.Select(r => r.Name));
        Assert.Equal(RungKind.Reference, s_ladder.Rungs[0].Kind);
        // native needs libhyperpeers.so: NativeTests checks it where it is built
        Assert.All(s_ladder.Rungs.Where(r => r.Kind != RungKind.Compiled), r => Assert.True(r.Availability.IsAvailable, $"{r.Name}: {r.Availability.Reason}"));
    }

    [Fact]
    public void Steps_AreIntOfTimeOverDt_AsInTheBook()
    {
        Assert.Equal(10_000, new ParticleSpec(1000, 0.1).Steps);
        Assert.Equal(1, new ParticleSpec(1, 1e-5).Steps);
    }

    [Fact]
    public void Find_UnknownRung_NamesTheKnownOnes()
    {
        var ex = Assert.Throws<SpecException>(() => s_ladder.Find("warp-drive"));
        Assert.Contains("simd", ex.Message);
    }

    [Fact]
    public void Build_FirstParticlesDoNotDependOnCount()
    {
        ParticleProblem small = s_ladder.Build(new ParticleSpec(10, 0.1, 3));
        ParticleProblem large = s_ladder.Build(new ParticleSpec(1000, 0.1, 3));
        Assert.Equal(small.X, large.X.Take(10));
        Assert.Equal(small.W, large.W.Take(10));
        Assert.All(large.X.Concat(large.Y).Concat(large.W), v => Assert.InRange(v, -1, 1));
    }

    [Fact]
    public void ShrinkTo_KeepsWorkUnderTheBudget()
    {
        var spec = new ParticleSpec(100_000, 0.1);
        ParticleSpec shrunk = s_ladder.ShrinkTo(spec, 2e8);
        Assert.Equal(spec.Time, shrunk.Time);
        Assert.True(s_ladder.Work(shrunk) <= 2e8);
        Assert.Same(spec, s_ladder.ShrinkTo(spec, 1e12));
        Assert.True(s_ladder.Work(s_ladder.ShrinkTo(new ParticleSpec(10, 100), 1e5)) <= 1e5);
    }

    [Fact]
    public void Select_ForcedName_GivesThatRungAlone()
    {
        Assert.Equal(["simd"], s_ladder.Select("simd").Select(r => r.Name));
        Assert.Equal(s_ladder.Rungs, s_ladder.Select(" "));
        Assert.Throws<SpecException>(() => s_ladder.Select("nope").ToList());
    }
}
