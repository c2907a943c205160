using HyperSharp.Gpu;
using HyperSharp.Gpu.Ptx;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Gpu;

/// <summary>
/// <c>hyper asm</c> end to end, run with no GPU variable set (so with no device at all on a machine without a GPU),
/// and the launch models it multiplies the PTX's counts by.
/// </summary>
public sealed class AsmCommandTests
{
    private static readonly Dictionary<string, string?> NoDevice = new() { [GpuDevices.DeviceVariable] = null };

    [Fact]
    public void Particles_PrintsThePtxItsSummaryAndAnEstimate()
    {
        Hyper.Outcome o = Hyper.RunWith(NoDevice, "asm", "particles", "--rung", "gpu");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Equal("", o.Stderr);
        string[] lines = o.Stdout.Split('\n');

        // The PTX itself, then the summary the parser gives for the same kernel compiled here.
        GpuKernel kernel = Assert.Single(((IGpuRung)Catalog.Particles.Find("gpu")).Kernels);
        PtxSummary expected = PtxSummary.Parse(PtxCompiler.Compile(kernel, PtxCompiler.Default));
        Assert.Contains($".visible .entry {kernel.EntryName}(", o.Stdout);
        Assert.Contains(lines, l => l.StartsWith(".version ", StringComparison.Ordinal));
        Assert.Contains($"{Row("registers")}{string.Join(", ", expected.Registers.Select(r => $"{r.Type} {r.Count}"))}", lines);
        PtxTally t = expected.Static;
        Assert.Contains(lines, l => l.StartsWith($"{Row("global")}{(int)t.GlobalLoads} loads ({(int)t.GlobalLoadBytes} B), {(int)t.GlobalStores} stores", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Row("fp64")}{(int)t.F64.Add} add/sub, {(int)t.F64.Mul} mul, {(int)t.F64.Fma} fma, {(int)t.F64.Sqrt} sqrt, {(int)t.F64.Rcp} rcp, {(int)t.F64.Div} div", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Row("branches")}{(int)t.Branches} ({(int)t.ConditionalBranches} conditional)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Row("loop 1")}at ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Row("fusable"), StringComparison.Ordinal));

        // The estimate says what it is, at the default spec, against the published figures.
        Assert.Contains("not a measurement", o.Stdout);
        Assert.Contains($"{Row("spec")}count=100000, time=0.1", o.Stdout);
        Assert.Contains("1 launch of 100,000 threads; loop trips per thread: ", o.Stdout);
        Assert.Contains("(4.8 TB/s)", o.Stdout);
        Assert.Contains("(34 TFLOP/s; the tensor cores' 67 TFLOP/s serve matrix code only)", o.Stdout);
        Assert.Contains(lines, l => l.StartsWith(Row("at least"), StringComparison.Ordinal) && l.Contains("fp64-bound", StringComparison.Ordinal));
        Assert.Contains("not confirmed on NVIDIA's own page", o.Stdout);
    }

    [Fact]
    public void Particles_SpecOptionsAndArchitecture_AreUsed()
    {
        Hyper.Outcome o = Hyper.RunWith(NoDevice, "asm", "particles", "--rung", "gpu", "--arch", "sm_80", "--count", "1000", "--time", "0.01");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("for sm_80 by ILGPU", o.Stdout);
        Assert.Contains($"{Row("target")}sm_80\n", o.Stdout);
        Assert.Contains($"{Row("spec")}count=1000, time=0.01", o.Stdout);
        Assert.Matches(@"1 launch of 1,000 threads; loop trips per thread: L_\d+ 999\n", o.Stdout);
    }

    /// <summary>Every GPU rung of the registry, at its system's default spec.</summary>
    public static TheoryData<string> GpuSystems() =>
        new(Catalog.Ladders.Where(l => l.Rungs.OfType<IGpuRung>().Any()).Select(l => l.Name));

    [Theory]
    [MemberData(nameof(GpuSystems))]
    public void EverySystemWithAGpuRung_Works(string system)
    {
        Hyper.Outcome o = Hyper.RunWith(NoDevice, "asm", system, "--rung", "gpu");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("first-order estimate", o.Stdout);
    }

    /// <summary>
    /// Each kernel's launch model gives one trip count per loop of its PTX, at its system's default spec: if ILGPU
    /// lays a kernel out differently, this says which, rather than the estimate multiplying the wrong loop.
    /// </summary>
    [Fact]
    public void EveryKernel_DeclaresOneTripCountPerLoopOfItsPtx()
    {
        int kernels = 0;
        foreach (ILadder ladder in Catalog.Ladders)
            kernels += ladder.Accept(new CheckLaunches());
        Assert.True(kernels >= 4);
    }

    private sealed class CheckLaunches : ILadderVisitor<int>
    {
        public int Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
        {
            int n = 0;
            foreach (GpuRung<TProblem, TResult> rung in ladder.Rungs.OfType<GpuRung<TProblem, TResult>>())
            {
                TProblem problem = ladder.Build(ladder.Spec.Default);
                foreach (GpuKernel<TProblem> kernel in rung.Kernels)
                {
                    PtxSummary summary = PtxSummary.Parse(PtxCompiler.Compile(kernel, PtxCompiler.Default));
                    GpuLaunch launch = kernel.Launch(problem);
                    Assert.True(launch.LoopTrips.Count == summary.Loops.Count,
                        $"{kernel.FullName}: {launch.LoopTrips.Count} trip count(s) for {summary.Loops.Count} loop(s)");
                    Assert.True(launch.Launches > 0 && launch.Threads > 0, kernel.FullName);
                    Assert.All(launch.LoopTrips, t => Assert.True(t >= 0 && double.IsFinite(t), kernel.FullName));
                    var estimate = new KernelEstimate(summary, launch, GpuPeaks.H200Sxm);
                    Assert.True(estimate.Seconds > 0, kernel.FullName);
                    n++;
                }
            }
            return n;
        }
    }

    [Fact]
    public void UnknownSystem_NamesTheSystems() =>
        Assert.Contains("unknown system 'nosuch' (systems: particles", Hyper.AssertBadInput("asm", "nosuch", "--rung", "gpu"));

    [Fact]
    public void CpuRung_WithAnArchitecture_SaysArchIsForGpuRungs()
    {
        string line = Hyper.AssertBadInput("asm", "particles", "--rung", "soa", "--arch", "sm_90");
        Assert.Contains("--arch is for GPU rungs (GPU rungs of particles: gpu); soa is a CPU rung", line);
        Assert.Contains("primes has none", Hyper.AssertBadInput("asm", "primes", "--rung", "sieve", "--arch", "sm_90"));
    }

    [Fact]
    public void UnknownArchitecture_ListsTheKnownOnes()
    {
        string line = Hyper.AssertBadInput("asm", "particles", "--rung", "gpu", "--arch", "sm_99");
        Assert.Contains("--arch takes a CUDA architecture ILGPU knows (got 'sm_99')", line);
        Assert.Contains("sm_80", line);
        Assert.Contains("sm_90", line);
    }

    [Theory]
    [InlineData("--rung", "nosuch", "unknown rung 'nosuch' for particles")]
    [InlineData("--count", "-5", "count takes a whole number")]
    [InlineData("--time", "NaN", "time takes a finite number")]
    public void BadRungOrSpec_IsOneLine(string option, string value, string message)
    {
        string[] args = ["asm", "particles", "--rung", "gpu", "--count", "1000", "--time", "0.01"];
        args[Array.IndexOf(args, option) + 1] = value;
        Assert.Contains(message, Hyper.AssertBadInput(args));
    }

    /// <summary>A summary row's start, as <c>hyper asm</c> pads its labels.</summary>
    private static string Row(string label) => $"// {label,-13} ";
}
