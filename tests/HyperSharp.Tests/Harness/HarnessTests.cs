using HyperSharp.IO;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Tests.Harness;

public sealed class HarnessTests
{
    [Fact]
    public void Statistics_GivesMedianMinMax()
    {
        Assert.Equal(new Statistics(3, 1, 9, 5), Statistics.Of([9, 1, 3, 4, 2]));
        Assert.Equal(new Statistics(2.5, 1, 4, 4), Statistics.Of([4, 1, 3, 2]));
        Assert.Throws<ArgumentException>(() => Statistics.Of([]));
    }

    [Fact]
    public void RunResult_Json_IsSnakeCaseAndRoundTrips()
    {
        var result = new RunResult
        {
            System = "particles", Rung = "simd", Kind = "vectorized", Seconds = 1.5, MinSeconds = 1, MaxSeconds = 2,
            Throughput = 3, Unit = "particle-steps/s", Checksum = -0.25, Verified = true, PeakWorkingSetBytes = 42,
            Spec = new() { ["count"] = 10 },
        };
        string json = result.ToJson();
        foreach (string field in new[] { "\"system\"", "\"rung\"", "\"seconds\"", "\"min_seconds\"", "\"max_seconds\"", "\"throughput\"", "\"unit\"", "\"verified\"", "\"checksum\"", "\"peak_working_set_bytes\"" })
            Assert.Contains(field, json);
        Assert.DoesNotContain('\n', json);
        RunResult back = RunResult.FromJson(json);
        Assert.Equal(result.Checksum, back.Checksum);
        Assert.Equal(10, back.Spec!["count"]);
    }

    [Fact]
    public void AtomicFile_FailedWrite_LeavesNoFile()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("half way");
        }));
        Assert.Empty(Directory.GetFiles(temp.Path));

        AtomicFile.WriteAllText(path, "done");
        Assert.Equal("done", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void LadderRunner_MeasuresAndVerifies()
    {
        ParticlesLadder ladder = Catalog.Particles;
        var spec = new ParticleSpec(200, 0.01);
        RunResult r = LadderRunner.Run(ladder, ladder.Find("simd"), spec, new RunContext(1), MeasureOptions.Quick);
        Assert.True(r.Verified);
        Assert.Equal(999, spec.Steps); // int(0.01 / 1e-5) = int(999.99…), as in Python
        Assert.Equal(200 * 999, r.Work);
        Assert.Equal(r.Work / r.Seconds, r.Throughput, 6);
        Assert.Equal(ladder.Checksum(ladder.Find("reference").Run(ladder.Build(spec), RunContext.Default)), r.Checksum);
        Assert.Null(r.Verification!.Note);
    }

    [Fact]
    public void LadderRunner_BigSpec_VerifiesOnASmallerOneAndSaysSo()
    {
        ParticlesLadder ladder = Catalog.Particles;
        var options = MeasureOptions.Quick with { MaxVerifyWork = 10_000 };
        RunResult r = LadderRunner.Run(ladder, ladder.Find("threads"), new ParticleSpec(1000, 0.01), RunContext.Default, options);
        Assert.True(r.Verified);
        Assert.NotNull(r.Verification!.Note);
        Assert.Equal(10, r.Verification.Spec!["count"]);
    }

    [Fact]
    public async Task Timing_RepeatsAtLeastMinRepeats()
    {
        ParticlesLadder ladder = Catalog.Particles;
        var options = new MeasureOptions(Warmups: 1, WarmupSeconds: 0, MinRepeats: 4, MaxRepeats: 6, TargetSeconds: 0);
        var timing = await Timing<ParticleState>.MeasureAsync(ladder.Find("soa"), ParticleProblem.Random(10, 10, 1), RunContext.Default, options);
        Assert.Equal(4, timing.Seconds.Count);
        Assert.All(timing.Seconds, s => Assert.True(s > 0));
    }
}
