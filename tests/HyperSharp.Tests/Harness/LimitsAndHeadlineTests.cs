using HyperSharp.Harness;
using HyperSharp.Harness.Report;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Harness;

/// <summary>Rows against the machine's limits, and the headline a report opens with: only verified rows count.</summary>
public sealed class LimitsAndHeadlineTests
{
    private static readonly WorkCost s_memoryBound = new(16, 7, "test");
    private static readonly MachineLimit s_limit = new(1, StreamBytesPerSecond: 20e9, FmaFlopsPerSecond: 100e9);

    [Fact]
    public void Attainable_IsTheLowerBound()
    {
        Assert.Equal((20e9 / 16, "memory"), s_memoryBound.Attainable(100e9, 20e9));
        Assert.Equal((100e9 / 8, "compute"), new WorkCost(0, 8, "x").Attainable(100e9, 20e9));
        Assert.Equal((100e9 / 10, "compute"), new WorkCost(1, 10, "x").Attainable(100e9, 1e12));
    }

    [Fact]
    public void Against_GivesTheFractionOfTheBindingBound()
    {
        LimitInfo limit = MachineLimits.Against(Row("simd", "vectorized", 0.625e9), s_memoryBound, s_limit);
        Assert.Equal("memory", limit.Bound);
        Assert.Equal(0.5, limit.Fraction, 12);          // 0.625 G cells/s × 16 B = 10 GB/s of 20
        Assert.Equal(10e9, limit.BytesPerSecond, 3);
        Assert.Equal("50 % of STREAM", MachineLimits.Describe(limit));
    }

    [Fact]
    public void Place_WithoutACost_LeavesTheBenchAlone()
    {
        BenchFile bench = Bench(Row("reference", "reference", 1e6));
        Assert.Same(bench, MachineLimits.Place(bench, cost: null));
    }

    [Fact]
    public void Headline_IsTheFastestVerifiedRungAtTheReferencesLargestSize()
    {
        BenchFile bench = Bench(
            Row("reference", "reference", 1e6, size: 10), Row("simd", "vectorized", 9e6, size: 10),
            Row("reference", "reference", 1e6, size: 100), Row("simd", "vectorized", 8e6, size: 100),
            Row("threads", "threads", 15e6, size: 100),
            Row("broken", "vectorized", 99e6, size: 100) with { Verified = false },   // fast and wrong: never the headline
            Row("simd", "vectorized", 20e6, size: 1000),                               // no reference at this size
            Row("c-simd", "peer", 10e6, size: 100, implementation: "c"),
            Row("c-slow", "peer", 2e6, size: 100, implementation: "c"),
            Row("numpy", "peer", 1e6, size: 100, implementation: "python"),
            Row("c-wrong", "peer", 50e6, size: 100, implementation: "c") with { Verified = null });
        Headline h = Headline.Of(bench)!;
        Assert.Equal("threads", h.Fastest.Rung);
        Assert.Equal("size 100", h.Size);
        Assert.Equal(15.0, h.VsReference!.Value, 12);
        Assert.Equal("c-simd", h.BestC!.Rung);
        Assert.Equal("numpy", h.BestPython!.Rung);
        string[] row = h.Row();
        Assert.Contains("1.50× (c-simd, 1 thread)", row);
        Assert.Contains("15.0×", row);
    }

    [Fact]
    public void Place_AGpuRow_IsPlacedAgainstItsDevicesPublishedPeaks_WithoutMeasuringTheCpu()
    {
        RunResult gpu = Row("gpu", "gpu", 0.6e12) with { Device = "NVIDIA H200 (Cuda, 139 GiB)" };
        RunResult cpuAccelerator = Row("gpu", "gpu", 1e6) with { Device = "ILGPU CPU accelerator (HYPERSHARP_GPU=cpu)", Threads = 0 };
        BenchFile placed = MachineLimits.Place(Bench(gpu, cpuAccelerator), s_memoryBound, log: null);
        LimitInfo limit = placed.Results[0].Limit!;
        Assert.Equal("NVIDIA H200 SXM", limit.Device);
        Assert.Equal(0.6e12 * 16 / 4.8e12, limit.Fraction, 12);
        Assert.Equal("200 % of NVIDIA H200 SXM memory peak", MachineLimits.Describe(limit));
        Assert.Null(placed.Results[1].Limit);   // no peaks known for ILGPU's CPU accelerator
        Assert.Contains("of limit", BenchTable.Headers(placed));
    }

    [Fact]
    public void Cost_FollowsTheSpec_ExpressionArraysAndElementWidth()
    {
        var expr = new HyperSharp.Harness.Expressions.ExprLadder();
        Assert.Equal(new WorkCost(32, 6, expr.Cost.Counted), expr.CostOf(new Dictionary<string, SpecValue>()));
        WorkCost two = expr.CostOf(new Dictionary<string, SpecValue> { ["expression"] = "a*b", ["dtype"] = "float32" })!;
        Assert.Equal((3 * 4, 1, 2.0), (two.BytesPerUnit, two.FlopsPerUnit, two.PeakMultiple));   // a, b read and one result, 4 bytes each
        Assert.Equal((100e9 * 2 / 1, "compute"), two.Attainable(100e9, 1e15));

        var matmul = new HyperSharp.Matmul.MatmulLadder();
        Assert.Equal(1.0, matmul.CostOf(new Dictionary<string, SpecValue> { ["dtype"] = "float64" })!.PeakMultiple);
        Assert.Equal(2.0, matmul.CostOf(new Dictionary<string, SpecValue> { ["dtype"] = "float32" })!.PeakMultiple);
    }

    [Fact]
    public void Place_UsesEachRowsOwnCost()
    {
        RunResult wide = Row("gpu", "gpu", 0.6e12) with { Device = "NVIDIA H200 (Cuda, 139 GiB)" };
        RunResult narrow = wide with { Spec = new Dictionary<string, SpecValue> { ["size"] = 10, ["dtype"] = "float32" } };
        WorkCost half = new(8, 7, "float32");
        BenchFile placed = MachineLimits.Place(Bench(wide, narrow), s_memoryBound,
            spec => spec.TryGetValue("dtype", out SpecValue d) && d.Text == "float32" ? half : s_memoryBound);
        Assert.Equal(2 * placed.Results[1].Limit!.Fraction, placed.Results[0].Limit!.Fraction, 12);
        Assert.Equal(["test", "float32"], placed.Results.Select(r => r.Limit!.Cost!.Counted));
    }

    [Fact]
    public void Headline_NothingVerified_IsNone() =>
        Assert.Null(Headline.Of(Bench(Row("reference", "reference", 1e6) with { Verified = false })));

    [Fact]
    public void LimitsAndCost_SurviveTheJson()
    {
        BenchFile bench = Bench(Row("simd", "vectorized", 1e9)) with { Cost = s_memoryBound, Limits = [s_limit] };
        bench = bench with { Results = [bench.Results[0] with { Limit = MachineLimits.Against(bench.Results[0], s_memoryBound, s_limit) }] };
        BenchFile back = BenchFile.FromJson(bench.ToJson());
        Assert.Equal(s_memoryBound, back.Cost);
        Assert.Equal(s_limit, Assert.Single(back.Limits!));
        Assert.Equal(bench.Results[0].Limit, back.Results[0].Limit);
        Assert.Contains("of limit", BenchTable.Headers(back));
        Assert.Contains(MachineLimits.Notes(back), n => n.Contains("20.0 GB/s") && n.Contains("100 GFLOP/s"));
    }

    [Fact]
    public void Report_OpensWithTheSummaryAndFoldsTheDetail()
    {
        BenchFile bench = Bench(Row("reference", "reference", 1e6), Row("simd", "vectorized", 9e6));
        string html = HtmlReport.Render(new ReportFile { Created = DateTimeOffset.UtcNow, Machine = bench.Machine, Benches = [bench] });
        int summary = html.IndexOf("<h2>Summary</h2>", StringComparison.Ordinal), detail = html.IndexOf("<details>", StringComparison.Ordinal);
        Assert.True(summary > 0 && detail > summary);
        Assert.Contains("<table class=\"summary\">", html);
        Assert.Contains("Fastest: <b>simd</b>", html);
    }

    private static RunResult Row(string rung, string kind, double throughput, double size = 10, string implementation = "hypersharp") => new()
    {
        System = "test", Rung = rung, Kind = kind, Implementation = implementation, Threads = 1, Seconds = 1, MinSeconds = 1,
        MaxSeconds = 1, Work = throughput * size, Throughput = throughput, Verified = true,
        Spec = new Dictionary<string, SpecValue> { ["size"] = size },
    };

    private static BenchFile Bench(params RunResult[] rows) => new()
    {
        Created = DateTimeOffset.UtcNow, Machine = MachineInfo.Current(probeGpu: false), System = "test", Title = "Test",
        Unit = "cells/s", SizeName = "size", Axes = ["size"], Results = [.. rows],
    };
}
