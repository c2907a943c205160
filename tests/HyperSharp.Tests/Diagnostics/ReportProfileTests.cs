using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Report;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Diagnostics;

/// <summary><c>hyper report --profile</c>: a system's reference and fastest rung profiled side by side, with memory.</summary>
public sealed class ReportProfileTests
{
    [Fact]
    public void Pi_ReferenceAndFastestRung_AreProfiledSideBySide_AndRendered()
    {
        ISystemBench pi = Catalog.Benches.Single(b => b.Ladder.Name == "pi");
        BenchSettings settings = BenchSettings.Defaults() with
        {
            Rungs = ["reference", "simd"],
            Values = new Dictionary<string, IReadOnlyList<SpecValue>> { ["samples"] = [SpecValue.Of(2_000_000)] },
            Threads = [1],
        };
        BenchFile bench = BenchRunner.Run(pi, settings, MachineInfo.Current(), _ => { });
        SystemProfile p = ReportProfiles.Measure(pi, settings, bench, _ => { })!;

        Assert.Equal("pi", p.System);
        Assert.Equal("samples 2,000,000", p.Spec);
        Assert.Equal("reference", p.Reference.Rung);
        Assert.Equal("simd", p.Fastest!.Rung);
        foreach (RungProfile side in new[] { p.Reference, p.Fastest })
        {
            Assert.Null(side.Error);
            Assert.True(side.Samples > 0, side.Rung);
            Assert.NotEmpty(side.Methods!);
            Assert.True(side.PeakWorkingSetBytes > 1 << 20, side.Rung);
            Assert.NotNull(side.AllocatedBytes);
            Assert.NotNull(side.GcCounts);
        }
        // The two sides' hottest methods differ: System.Random's in the book's loop, the counter stream in simd.
        Assert.NotEqual(p.Reference.Methods![0].Name, p.Fastest.Methods![0].Name);

        var report = new ReportFile { Created = DateTimeOffset.UnixEpoch, Machine = bench.Machine, Benches = [bench], Profiles = [p] };
        ReportFile back = ReportFile.FromJson(report.ToJson());
        Assert.Equal(p.Reference.Methods[0], Assert.Single(back.Profiles!).Reference.Methods![0]);
        string html = HtmlReport.Render(back);
        Assert.Contains("Profile: reference against simd at samples 2,000,000", html);
        Assert.Contains(SystemProfile.Short(p.Fastest.Methods[0].Name), html);
    }

    [Theory]
    [InlineData("HyperSharp.Particles.ParticleKernel.Blocks", "ParticleKernel.Blocks")]
    [InlineData("System.Numerics.Complex.op_Multiply", "Complex.op_Multiply")]
    [InlineData("Main", "Main")]
    [InlineData("HyperSharp.Harness.Timing`1+<MeasureAsync>d__33`1[System.__Canon].MoveNext", "Timing`1+<MeasureAsync>d__33`1[System.__Canon].MoveNext")]
    public void MethodNames_LoseTheirNamespace(string full, string shown) => Assert.Equal(shown, SystemProfile.Short(full));
}
