using HyperSharp.Diffusion;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Native;
using HyperSharp.Particles;
using HyperSharp.Pi;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Native;

/// <summary>Why a native test does not run here, or null when it does: it runs where libhyperpeers.so loads, and always
/// under CI's <c>HYPERSHARP_REQUIRE_C_PEERS=1</c> (which builds it), where a missing library then fails.</summary>
internal static class NativeSkip
{
    public static string? Reason =>
        Environment.GetEnvironmentVariable("HYPERSHARP_REQUIRE_C_PEERS") == "1" || NativePeers.Availability.IsAvailable
            ? null
            : $"libhyperpeers.so is not loaded here ({NativePeers.Availability.Reason}); CI builds it and runs these tests";
}

public sealed class NativeFactAttribute : FactAttribute
{
    public NativeFactAttribute() => Skip = NativeSkip.Reason;
}

public sealed class NativeTheoryAttribute : TheoryAttribute
{
    public NativeTheoryAttribute() => Skip = NativeSkip.Reason;
}

/// <summary>A native kernel built for AVX-512 (particles): skipped, saying so, on a CPU without it.</summary>
public sealed class NativeAvx512TheoryAttribute : TheoryAttribute
{
    public NativeAvx512TheoryAttribute() => Skip = NativeSkip.Reason
        ?? (NativePeers.HasAvx512 ? null : $"this CPU lacks AVX-512F/DQ, which the particles C kernel needs ({NativePeers.Avx512Availability.Reason})");
}

/// <summary>
/// The native rungs: the library loads where it is built, each native rung is registered and runs, agrees with the
/// reference at any thread count (the conformance classes check golden and random cases), and a missing or broken
/// library makes the rung unavailable with its reason — one line, never a crash.
/// </summary>
public sealed class NativeTests
{
    public static TheoryData<string> Systems => new(["particles", "julia", "diffusion", "pi"]);

    [NativeFact]
    public void Library_Loads_WhereItIsBuilt()
    {
        Assert.True(NativePeers.Availability.IsAvailable, NativePeers.Availability.Reason);
        Assert.EndsWith(NativePeers.FileName, NativePeers.LoadedPath);
    }

    [NativeTheory]
    [MemberData(nameof(Systems))]
    public void NativeRung_IsRegisteredAndRunsHere(string system)
    {
        IRung rung = Catalog.Find(system).Find("native");
        Assert.Equal(RungKind.Compiled, rung.Kind);
        Assert.Equal(0, rung.Tolerance);
        Assert.True(rung.IsParallel);
        // The particle and Julia kernels need AVX-512: only a CPU without it may make them unavailable.
        Assert.True(rung.Availability.IsAvailable || !NativePeers.HasAvx512, rung.Availability.Reason);
    }

    [NativeAvx512Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Particles_AnyThreadCount_BitIdenticalToTheReference(int threads)
    {
        ParticleProblem problem = ParticleProblem.Random(1_001, steps: 300, seed: 21 + threads);
        ParticleState reference = Catalog.Particles.Reference.Run(problem, new RunContext(1));
        ParticleState native = Catalog.Particles.Find("native").Run(problem, new RunContext(threads));
        Assert.Equal(Catalog.Particles.Fingerprint(reference), Catalog.Particles.Fingerprint(native));
    }

    /// <summary>Odd steps leave the answer in the second grid, even steps in the first: both are read back.</summary>
    [NativeTheory]
    [InlineData(2, 7, 1)]
    [InlineData(2, 8, 3)]
    [InlineData(1, 9, 2)]
    [InlineData(1, 10, 1)]
    public void Diffusion_EitherBuffer_BitIdenticalToTheReference(int dims, int steps, int threads)
    {
        DiffusionProblem problem = DiffusionProblem.Random(33, steps, seed: 5, dims);
        DiffusionGrid reference = Catalog.Diffusion.Reference.Run(problem, new RunContext(1));
        DiffusionGrid native = Catalog.Diffusion.Find("native").Run(problem, new RunContext(threads));
        Assert.Equal(Catalog.Diffusion.Fingerprint(reference), Catalog.Diffusion.Fingerprint(native));
    }

    [NativeTheory]
    [InlineData(1)]
    [InlineData(3)]
    public void Pi_AnyThreadCount_ExactlyTheCounterStreamsHits(int threads)
    {
        var problem = new PiProblem(3 * PiStream.BlockSize + 17, Seed: 9);
        PiResult native = Catalog.Pi.Find("native").Run(problem, new RunContext(threads));
        Assert.Equal(PiLadder.CounterStreamHits(problem.Samples, problem.Seed), native.Hits);
    }

    [Fact]
    public void Candidates_TheVariableAlone_ElseBesideTheProgramThenTheCheckout()
    {
        Assert.Equal(["/x/lib.so"], NativePeers.Candidates("/x/lib.so", "/app", "/repo/peers"));
        Assert.Equal([Path.Combine("/app", NativePeers.FileName), Path.Combine("/repo/peers", "c", "build", NativePeers.FileName)],
            NativePeers.Candidates(null, "/app", "/repo/peers"));
        Assert.Equal([Path.Combine("/app", NativePeers.FileName)], NativePeers.Candidates("", "/app", null));
    }

    /// <summary>Run in a child process, whose library lookup starts afresh: the rung reports why it cannot run.</summary>
    [Theory]
    [MemberData(nameof(Systems))]
    public void MissingLibrary_RungUnavailable_OneLineWithTheReason(string system)
    {
        using var temp = new TempDirectory();
        string missing = temp.File(NativePeers.FileName);
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { [NativePeers.Variable] = missing }, "run", system, "--rung", "native");
        Assert.True(o.ExitCode == 2, $"exit {o.ExitCode}: {o.Stderr}");
        string line = Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"hyper: error: rung 'native' does not run here: {NativePeers.Variable}={missing}: no such file", line);
    }

    [Fact]
    public void NotALibrary_RungUnavailable_SaysItCouldNotBeLoaded()
    {
        using var temp = new TempDirectory();
        string bogus = temp.File(NativePeers.FileName);
        File.WriteAllText(bogus, "not an ELF file");
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { [NativePeers.Variable] = bogus }, "run", "pi", "--rung", "native");
        Assert.True(o.ExitCode == 2, $"exit {o.ExitCode}: {o.Stderr}");
        Assert.Equal($"hyper: error: rung 'native' does not run here: {bogus} could not be loaded as a shared library (rebuild it with `make -C peers/c`)",
            Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>In a bench the rung is a skipped row with its reason; the other rungs still run and the bench succeeds.</summary>
    [Fact]
    public void MissingLibrary_Bench_SkipsTheRowWithTheReason()
    {
        using var temp = new TempDirectory();
        string json = temp.File("bench.json");
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { [NativePeers.Variable] = temp.File("nothing.so") },
            "bench", "pi", "--rungs", "simd,native", "--samples", "1000", "--json", json);
        Assert.True(o.ExitCode == 0, o.Stderr);
        List<RunResult> results = BenchFile.FromJson(File.ReadAllText(json)).Results;
        List<RunResult> native = results.Where(r => r.Rung == "native").ToList();
        Assert.NotEmpty(native); // one row per thread count
        Assert.All(native, r => Assert.True(r.Skipped == true && r.Error!.Contains($"{NativePeers.Variable}=", StringComparison.Ordinal), r.Error));
        Assert.Contains(results, r => r.Rung == "simd" && r.Verified == true);
    }
}
