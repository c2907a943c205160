using HyperSharp.Diffusion;
using HyperSharp.Gpu.Julia;
using HyperSharp.Gpu.Matmul;
using HyperSharp.Gpu.Diffusion;
using HyperSharp.Gpu.Particles;
using HyperSharp.Gpu.Pi;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Diffusion;
using HyperSharp.Harness.Expressions;
using HyperSharp.Harness.Native;
using HyperSharp.Harness.Sketches;
using HyperSharp.Harness.Search;
using HyperSharp.Julia;
using HyperSharp.Ladder;
using HyperSharp.Memoization;
using HyperSharp.Matmul;
using HyperSharp.Native;
using HyperSharp.Norm;
using HyperSharp.Particles;
using HyperSharp.Pi;
using HyperSharp.Primes;
using HyperSharp.TimeSeries;

namespace HyperSharp.Harness;

/// <summary>
/// The one registry: every system with the rungs of every project, reference first, and its bench. The CLI, the
/// tests and the benchmarks all read it.
/// </summary>
public static class Catalog
{
    public static ParticlesLadder Particles { get; } = new([new ParticlesGpu(), new ParticlesNative()]);

    public static JuliaLadder Julia { get; } = new([new JuliaGpu(), new JuliaNative()]);

    public static DiffusionLadder Diffusion { get; } = new([new DiffusionGpu(), new DiffusionNative()]);

    public static PiLadder Pi { get; } = new([new PiGpu(), new PiNative(), new HyperSharp.Cluster.Pi.PiDistributed()]);

    public static PrimesLadder Primes { get; } = new([new HyperSharp.Cluster.Primes.PrimesDistributed()]);

    public static PrimeCheckLadder PrimeCheck { get; } = new([new HyperSharp.Harness.Primes.PrimeCheckRedis(), new HyperSharp.Cluster.Primes.PrimeCheckDistributed()]);

    public static MemoLadder Memo { get; } = new([new FibLru()]);

    public static AnomaliesLadder Anomalies { get; } = new();

    public static InteropLadder Interop { get; } = new();

    public static DistinctLadder Distinct { get; } = new();

    public static MembershipLadder Membership { get; } = new();

    public static NormLadder Norm { get; } = new();

    public static MatmulLadder Matmul { get; } = new([new MatmulGpu()]);

    public static ExprLadder Expr { get; } = new();

    public static SearchLadder Search { get; } = new();

    public static CompleteLadder Complete { get; } = new();

    public static HyperSharp.Harness.Tokens.TokensLadder Tokens { get; } = new();

    public static HyperSharp.Net.Crawl.CrawlLadder Crawl { get; } = new();

    public static HyperSharp.Net.Crawl.PrimeSaveLadder PrimeSave { get; } = new();

    public static HyperSharp.Net.Blocking.BlockingLadder Blocking { get; } = new();


    public static HyperSharp.Harness.Frames.GroupByLadder GroupBy { get; } = new();

    public static HyperSharp.Harness.Frames.JoinLadder Join { get; } = new();


    public static HyperSharp.Cluster.WordCount.WordCountLadder WordCount { get; } = new();

    public static IReadOnlyList<ILadder> Ladders { get; } = [Particles, Julia, Diffusion, Pi, Primes, PrimeCheck, Memo, Anomalies, Interop, Norm, Expr, Matmul, Distinct, Membership, Search, Complete, Tokens, Crawl, PrimeSave, Blocking, GroupBy, Join, WordCount];

    /// <summary>What a system's bench prints under its table, beyond the generic columns and the machine's limits.</summary>
    private static readonly Dictionary<ILadder, Func<BenchFile, IEnumerable<string>>> s_notes = new() { [Interop] = InteropCost.Notes, [PrimeCheck] = HyperSharp.Harness.Primes.FlagSweep.Notes, [Tokens] = HyperSharp.Harness.Tokens.TokenBytes.Notes, [Search] = SearchPeerFigures.Notes, [WordCount] = HyperSharp.Harness.WordCount.WordCountJobNotes.Notes };

    /// <summary>Every system's bench, in catalogue order.</summary>
    public static IReadOnlyList<ISystemBench> Benches { get; } = Ladders.Select(l => l.Accept(new BenchFor())).ToArray();

    private sealed class BenchFor : ILadderVisitor<ISystemBench>
    {
        public ISystemBench Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder) =>
            new LadderBench<TSpec, TProblem, TResult>(ladder, s_notes.GetValueOrDefault(ladder));
    }

    public static ILadder Find(string name) =>
        Ladders.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown system '{name}' (systems: {string.Join(", ", Ladders.Select(l => l.Name))})");

    public static ISystemBench BenchOf(ILadder ladder) => Benches.First(b => ReferenceEquals(b.Ladder, ladder));
}
