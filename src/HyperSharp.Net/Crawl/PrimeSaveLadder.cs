using HyperSharp.Ladder;
using HyperSharp.Net.Serve;

namespace HyperSharp.Net.Crawl;

/// <summary>Saving the primes below N to a slow server whose each answer takes <paramref name="DelayMs"/>; batched rungs send <paramref name="Batch"/> at once.</summary>
public sealed record PrimeSaveSpec(long Below, int DelayMs, int Batch);

/// <summary>The spec and the server its problem started (stopped with it).</summary>
public sealed class PrimeSaveProblem(PrimeSaveSpec spec, SlowServer server) : IAsyncDisposable, IDisposable
{
    /// <summary>What was asked.</summary>
    public PrimeSaveSpec Spec { get; } = spec;

    /// <summary>The slow server on a free loopback port.</summary>
    public SlowServer Server { get; } = server;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>Stops the server, blocking.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>A prime-saving rung: serial (batch 1) or in async batches of the spec's size.</summary>
public sealed class PrimeSaveRung(string name, RungKind kind, string technique, bool batched) : AsyncRung<PrimeSaveProblem, PrimeSaveResult>
{
    /// <inheritdoc/>
    public override string Name => name;
    /// <inheritdoc/>
    public override RungKind Kind => kind;
    /// <inheritdoc/>
    public override string Technique => technique;

    /// <inheritdoc/>
    protected override async ValueTask<PrimeSaveResult> ComputeAsync(PrimeSaveProblem problem, RunContext context, CancellationToken cancellation) =>
        await PrimeSaving.RunAsync(problem.Spec.Below, problem.Server.BaseAddress, problem.Spec.DelayMs, batched ? problem.Spec.Batch : 1,
            new CrawlOptions(TimeoutMs: 60_000), cancellation).ConfigureAwait(false);
}

/// <summary>
/// Gorelick ch. 8's prime saver as a ladder: each prime below N saved to the slow server serially (the reference),
/// or in async batches overlapping the CPU work. Both must save exactly the primes below N (fingerprint of the
/// saved list).
/// </summary>
public sealed class PrimeSaveLadder() : Ladder<PrimeSaveSpec, PrimeSaveProblem, PrimeSaveResult>(
[
    new PrimeSaveRung("serial", RungKind.Reference, "test a number, save each prime and wait for the answer", batched: false),
    new PrimeSaveRung("batched", RungKind.Async, "gather a batch of primes, send it asynchronously while the next batch is computed", batched: true),
])
{
    /// <inheritdoc/>
    public override string Name => "primesave";
    /// <inheritdoc/>
    public override string Title => "Saving primes to a slow server: serially or in async batches overlapping the CPU (Gorelick ch. 8)";
    /// <inheritdoc/>
    public override string Unit => "numbers/s";

    /// <inheritdoc/>
    public override SpecDeclaration<PrimeSaveSpec> Spec { get; } =
        new SpecDeclaration<PrimeSaveSpec>(v => new PrimeSaveSpec(v.Long("below"), v.Int("delay_ms"), v.Int("batch")))
            .Integer("below", "Save the primes below this N.", s => s.Below, 10_000, 2, 100_000_000,
                axis: new SweepAxis("belows", Bench: [10_000, 100_000], Report: [10_000]))
            .Integer("delay_ms", "The server answers each save after this many milliseconds.", s => s.DelayMs, 1, 0, SlowServerOptions.MaxDelayMs)
            .Integer("batch", "Primes the batched rung sends at once.", s => s.Batch, 100, 1, CrawlInput.MaxConcurrency, sweep: "batches");

    /// <summary>Blocks on <see cref="BuildAsync"/>: the problem starts a server.</summary>
    public override PrimeSaveProblem Build(PrimeSaveSpec spec) => BuildAsync(spec).AsTask().GetAwaiter().GetResult();

    /// <summary>Starts a slow server on a free loopback port.</summary>
    public override async ValueTask<PrimeSaveProblem> BuildAsync(PrimeSaveSpec spec, CancellationToken cancellation = default) =>
        new(spec, await SlowServer.StartAsync(new SlowServerOptions(0, spec.DelayMs), cancellation).ConfigureAwait(false));

    /// <inheritdoc/>
    public override double Work(PrimeSaveSpec spec) => spec.Below;

    /// <summary>The serial reference waits D per prime: it verifies below a smaller N when that would take too long.</summary>
    public override PrimeSaveSpec ShrinkTo(PrimeSaveSpec spec, double maxWork)
    {
        long below = (long)Math.Clamp(maxWork / Math.Max(1, spec.DelayMs), 2, spec.Below);
        return below == spec.Below ? spec : spec with { Below = below };
    }

    /// <inheritdoc/>
    public override double Checksum(PrimeSaveResult result) => result.Saved;

    /// <summary>SHA-256 of the saved primes, ascending, as little-endian uint64.</summary>
    public override Fingerprint? Fingerprint(PrimeSaveResult result) => Ladder.Fingerprint.Of<ulong>(result.SavedPrimes);

    /// <summary>Primes saved by one and not the other, and primes found that were not saved.</summary>
    public override Verification Verify(PrimeSaveResult reference, PrimeSaveResult candidate, double tolerance)
    {
        long differ = reference.SavedPrimes.Except(candidate.SavedPrimes).LongCount() + candidate.SavedPrimes.Except(reference.SavedPrimes).LongCount()
            + (candidate.Primes - candidate.Saved);
        return Verification.Within(differ, tolerance, "primes saved differently");
    }
}
