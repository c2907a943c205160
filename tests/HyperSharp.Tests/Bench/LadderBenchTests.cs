using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Bench;

/// <summary>The bench plan made from a spec declaration: axes, sweeps, lesson and slow rungs, resources.</summary>
public sealed class LadderBenchTests
{
    private static BenchSettings With(params (string Name, SpecValue[] Values)[] values) =>
        BenchSettings.Defaults() with
        {
            Values = values.ToDictionary(v => v.Name, v => (IReadOnlyList<SpecValue>)v.Values),
            Threads = [1, 2],
        };

    private static List<BenchItem> Plan(ISystemBench bench, BenchSettings settings)
    {
        bench.Validate(settings);
        return bench.Plan(settings, Path.GetTempPath()).ToList();
    }

    private static string Arg(BenchItem item, string option) => item.Command[item.Command.ToList().IndexOf(option) + 1];

    [Fact]
    public void TwoAxes_GiveEveryCombination()
    {
        var ladder = new GridLadder();
        List<BenchItem> items = Plan(new LadderBench<GridSpec, GridSpec, long>(ladder), With(("width", [2, 3]), ("height", [5, 7, 11])));
        Assert.Equal(6, items.Count); // one serial rung, 2 × 3 specs
        Assert.Equal(["2x5", "2x7", "2x11", "3x5", "3x7", "3x11"], items.Select(i => $"{Arg(i, "--width")}x{Arg(i, "--height")}"));
        Assert.All(items, i => Assert.Equal("hello", Arg(i, "--label"))); // a text parameter passes through
    }

    [Fact]
    public void Defaults_ComeFromTheAxisDeclaration()
    {
        List<BenchItem> items = Plan(new LadderBench<GridSpec, GridSpec, long>(new GridLadder()), BenchSettings.Defaults());
        Assert.Equal(["4x1", "4x2", "8x1", "8x2"], items.Select(i => $"{Arg(i, "--width")}x{Arg(i, "--height")}"));
        List<BenchItem> report = Plan(new LadderBench<GridSpec, GridSpec, long>(new GridLadder()), BenchSettings.Defaults(report: true));
        Assert.Equal(["16x3"], report.Select(i => $"{Arg(i, "--width")}x{Arg(i, "--height")}"));
    }

    [Fact]
    public void Primes_SweptChunks_RunOnlyTheRungsThatSweepThem()
    {
        List<BenchItem> items = Plan(Catalog.BenchOf(Catalog.Primes), With(("below", [100_000]), ("chunk", [1000, 10])));
        List<BenchItem> atTen = items.Where(i => Arg(i, "--chunk") == "10").ToList();
        Assert.Equal(["threads", "threads", "processes", "processes"], atTen.Select(i => i.Label));
        Assert.Contains(items, i => i.Label == "sieve" && Arg(i, "--chunk") == "1000");
        // A processes rung is given process counts, not thread counts.
        Assert.All(items.Where(i => i.Label == "processes"), i => Assert.Contains("--processes", i.Command));
    }

    [Fact]
    public void Report_SweepsTheFlagInterval_ForTheRungsThatSweepIt()
    {
        List<BenchItem> report = Plan(Catalog.BenchOf(Catalog.PrimeCheck), BenchSettings.Defaults(report: true));
        var sweeping = Catalog.PrimeCheck.Rungs.Where(r => r.Sweeps == "check_every").Select(r => r.Name).ToHashSet();
        Assert.NotEmpty(sweeping);
        // Every rung at the first value (the default); only the flag rungs at the others, as the book's figure.
        Assert.Contains(report, i => i.Label == "reference" && Arg(i, "--check-every") == "4096");
        foreach (string other in new[] { "100", "100000" })
        {
            List<BenchItem> at = report.Where(i => Arg(i, "--check-every") == other).ToList();
            Assert.NotEmpty(at);
            Assert.All(at, i => Assert.Contains(i.Label, sweeping));
        }
        // A plain bench sweeps nothing it was not asked to.
        Assert.All(Plan(Catalog.BenchOf(Catalog.PrimeCheck), BenchSettings.Defaults()), i => Assert.Equal("4096", Arg(i, "--check-every")));
    }

    [Fact]
    public void LessonAndSlowRungs_AreSkippedRowsBeyondTheirWork()
    {
        List<BenchItem> pi = Plan(Catalog.BenchOf(Catalog.Pi), With(("samples", [1_000, 100_000_000])));
        Assert.Null(pi.Single(i => i.Label == "pertask" && i.Spec["samples"].Number == 1_000 && i.Threads == 1).Skip);
        Assert.Contains("lesson", pi.Single(i => i.Label == "pertask" && i.Spec["samples"].Number == 1e8 && i.Threads == 1).Skip);

        List<BenchItem> diffusion = Plan(Catalog.BenchOf(Catalog.Diffusion), With(("size", [8192]), ("steps", [100])));
        Assert.Contains("minutes", diffusion.Single(i => i.Label == "reference").Skip);
    }

    [Fact]
    public void Nodes_TheDistributedRungRunsAtEachCount_TheOthersOnce()
    {
        List<BenchItem> items = Plan(Catalog.BenchOf(Catalog.Primes),
            With(("below", [100_000])) with { Rungs = ["threads", "distributed"], Threads = [2], Nodes = [1, 3] });
        Assert.Equal(["threads", "distributed", "distributed"], items.Select(i => i.Label));
        Assert.DoesNotContain("--nodes", items[0].Command);
        Assert.Equal(["1", "3"], items.Skip(1).Select(i => Arg(i, "--nodes")));
        // Rows that did not run still say their nodes, as those that ran do (the child's resources).
        Assert.Equal("3 nodes", BenchTable.Uses(new RunResult { System = "primes", Rung = "distributed", Resources = items[2].Resources }));
        Assert.Null(items[0].Resources);
        Assert.Contains("3 nodes", items[2].Where(["below"]));
        // Without --nodes, one node, as `hyper run`.
        Assert.Equal(["1"], Plan(Catalog.BenchOf(Catalog.Primes), With(("below", [100_000])) with { Rungs = ["distributed"] })
            .Select(i => Arg(i, "--nodes")));
    }

    [Fact]
    public void Nodes_WithoutADistributedRungChosen_IsRejected()
    {
        var e = Assert.Throws<SpecException>(() => Catalog.BenchOf(Catalog.Pi).Validate(BenchSettings.Defaults() with { Rungs = ["threads"], Nodes = [3] }));
        Assert.Contains("--nodes is for the distributed rung", e.Message);
        // Every rung (none named) includes the distributed one.
        Catalog.BenchOf(Catalog.Pi).Validate(BenchSettings.Defaults() with { Nodes = [3] });
    }

    [Theory]
    [InlineData("--nodes is for the distributed rung", "bench", "wordcount", "--rungs", "threads", "--nodes", "1,3")]
    [InlineData("--nodes takes a whole number", "bench", "primes", "--rungs", "distributed", "--nodes", "1,0")]
    public void Nodes_BadBenchOption_IsOneLine(string expected, params string[] args) =>
        Assert.Contains(expected, HyperSharp.Tests.Cli.Hyper.AssertBadInput(args));

    [Fact]
    public void Validate_RejectsAnUnknownParameterAndBadValuesBeforeAnything()
    {
        ISystemBench bench = Catalog.BenchOf(Catalog.Julia);
        Assert.Throws<SpecException>(() => bench.Validate(With(("nosuch", [1]))));
        Assert.Throws<SpecException>(() => bench.Validate(With(("width", [0]))));
        Assert.Throws<SpecException>(() => bench.Validate(BenchSettings.Defaults() with { Rungs = ["nosuch"] }));
    }

    /// <summary>A spec of two size axes and a text parameter.</summary>
    private sealed record GridSpec(int Width, int Height, string Label);

    /// <summary>Counts the cells of a grid: the smallest ladder with two axes.</summary>
    private sealed class GridLadder() : Ladder<GridSpec, GridSpec, long>([new Cells()])
    {
        public override string Name => "grid";
        public override string Title => "cells of a grid";
        public override string Unit => "cells/s";

        public override SpecDeclaration<GridSpec> Spec { get; } =
            new SpecDeclaration<GridSpec>(v => new GridSpec(v.Int("width"), v.Int("height"), v.Text("label")))
                .Integer("width", "Cells across.", s => s.Width, 4, 1, 1000, axis: new SweepAxis("widths", [4, 8], Report: [16]))
                .Integer("height", "Cells down.", s => s.Height, 1, 1, 1000, axis: new SweepAxis("heights", [1, 2], Report: [3]))
                .Text("label", "A name.", s => s.Label, "hello");

        public override GridSpec Build(GridSpec spec) => spec;
        public override double Work(GridSpec spec) => spec.Width * spec.Height;
        public override GridSpec ShrinkTo(GridSpec spec, double maxWork) => spec;
        public override double Checksum(long result) => result;
        public override Verification Verify(long reference, long candidate, double tolerance) =>
            Verification.Within(Math.Abs(candidate - reference), tolerance, "|Δ|");

        private sealed class Cells : SyncRung<GridSpec, long>
        {
            public override string Name => "reference";
            public override RungKind Kind => RungKind.Reference;
            public override string Technique => "width × height";
            protected override long Compute(GridSpec problem, RunContext context) => (long)problem.Width * problem.Height;
        }
    }
}
