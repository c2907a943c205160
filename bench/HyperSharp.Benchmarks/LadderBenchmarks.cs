using BenchmarkDotNet.Attributes;

namespace HyperSharp.Benchmarks;

/// <summary>
/// Every rung of every system in the catalogue (<see cref="LadderCases"/>), each at the sizes of its system's report
/// sweep, with the system's reference rung as the baseline of the rows of the same size: the Ratio column is a rung's
/// time over its reference's. One invocation is one run of the rung, the region <c>hyper bench</c> times: staging
/// (copying the start state, say) is untimed, in <see cref="Stage"/>. Divide the system's work at that size by the
/// mean for its throughput (<c>hyper bench</c> prints that unit directly).
/// </summary>
/// <remarks>
/// BenchmarkDotNet takes baselines from methods or jobs, never from a parameter's value (dotnet/BenchmarkDotNet#881),
/// so the reference is timed by <see cref="Reference"/> (the baseline) and every other rung by <see cref="Candidate"/>,
/// and <see cref="LadderBenchmarkConfig"/> keeps only the cases that exist (each method with its own rungs, each rung
/// with its own system's sizes) and groups rows by system and size rather than by every parameter, rung included.
/// </remarks>
[Config(typeof(LadderBenchmarkConfig))]
[MemoryDiagnoser]
public class LadderBenchmarks
{
    private LadderRun _run = null!;

    /// <summary>Every system with a planned case.</summary>
    public static IEnumerable<string> Systems => LadderCases.All.Select(c => c.System).Distinct();

    /// <summary>Every size of any system; the config drops the pairs of a system and a size that is not its own.</summary>
    public static IEnumerable<string> Sizes => LadderCases.All.Select(c => c.Size).Distinct();

    /// <summary>Every rung name of any system; the config drops those a system does not have.</summary>
    public static IEnumerable<string> Rungs => LadderCases.All.Select(c => c.Rung).Distinct();

    // Not "System": the generated runner derives from this class, and a member of that name hides the namespace.
    /// <summary>The system's name (<c>julia</c>).</summary>
    [ParamsSource(nameof(Systems), Priority = 0)]
    public string Ladder { get; set; } = "";

    /// <summary>Its axes' values (<c>width=200</c>).</summary>
    [ParamsSource(nameof(Sizes), Priority = 1)]
    public string Size { get; set; } = "";

    /// <summary>The rung's name (<c>simd</c>).</summary>
    [ParamsSource(nameof(Rungs), Priority = 2)]
    public string Rung { get; set; } = "";

    /// <summary>Builds the problem and verifies the rung's answer once; a wrong rung throws here and is not timed.</summary>
    [GlobalSetup]
    public void Setup() => _run = LadderCases.Get(Ladder, Size, Rung).Start();

    /// <summary>
    /// Stages one run, untimed. With an iteration setup BenchmarkDotNet runs one invocation per iteration (unless a
    /// job sets another count), so that every timed run has a stage of its own, as in the harness.
    /// </summary>
    [IterationSetup]
    public void Stage() => _run.Stage();

    /// <summary>The system's reference rung: the baseline of its size's rows.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask Reference() => _run.RunAsync();

    /// <summary>Any other rung.</summary>
    [Benchmark]
    public ValueTask Candidate() => _run.RunAsync();

    [IterationCleanup]
    public void Unstage() => _run.Unstage();

    [GlobalCleanup]
    public void Cleanup() => _run.Dispose();
}
