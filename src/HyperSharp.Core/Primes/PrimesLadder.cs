using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// Counting primes below N (Gorelick ch. 8–10): trial division serially and over a work queue, then a sieve. Work is
/// counted in numbers examined.
/// </summary>
public sealed class PrimesLadder(IEnumerable<Rung<PrimeCountSpec, long>> extraRungs)
    : Ladder<PrimeCountSpec, PrimeCountSpec, long>(CpuRungs.Concat(extraRungs))
{
    /// <summary>The sieves keep one segment per thread and √N base primes, so N is bounded by time, not memory.</summary>
    public const long MaxBelow = 1L << 40;

    /// <summary>The CPU rungs only.</summary>
    public PrimesLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<PrimeCountSpec, long>> CpuRungs { get; } =
        [new PrimesReference(), new PrimesThreads(), new PrimesProcesses(), new PrimesSieve(), new PrimesWheel()];

    /// <inheritdoc/>
    public override string Name => "primes";
    /// <inheritdoc/>
    public override string Title => "Counting primes below N: trial division, work queues, a segmented sieve (Gorelick ch. 8–10)";
    /// <inheritdoc/>
    public override string Unit => "numbers/s";

    /// <inheritdoc/>
    public override SpecDeclaration<PrimeCountSpec> Spec { get; } =
        new SpecDeclaration<PrimeCountSpec>(v => new PrimeCountSpec(v.Long("below"), v.Int("chunk")))
            .Integer("below", "Count the primes below this N.", s => s.Below, PrimeCountSpec.Book.Below, 2, MaxBelow,
                axis: new SweepAxis("belows", [1_000_000, 10_000_000], Report: [1_000_000, 10_000_000]))
            .Integer("chunk", "Numbers per work item of the queued rungs (threads, processes).", s => s.Chunk,
                PrimeCountSpec.DefaultChunk, 1, int.MaxValue, sweep: "chunks");

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        // Trial division grows as N^1.5: past 10⁸ numbers (seconds in C) it would take hours at the sieves' sizes.
        PeerProgram.C("primes", "trial", exact: true) with { MaxWork = TrialPeerMaxWork },
        PeerProgram.C("primes", "sieve", exact: true),
        PeerProgram.Python("primes", "python", "python", maxWork: 2e6, exact: true),
        PeerProgram.PyPy("primes", "pypy", "python", maxWork: 2e7, exact: true),
        PeerProgram.Python("primes", "numba", "numba", maxWork: TrialPeerMaxWork, exact: true),
        PeerProgram.Python("primes", "numba-parallel", "numba-parallel", parallel: true, maxWork: TrialPeerMaxWork, exact: true),
        PeerProgram.Installed("primesieve", "count", exact: true),
    ];

    private const double TrialPeerMaxWork = 1e8;

    /// <inheritdoc/>
    public override PrimeCountSpec Build(PrimeCountSpec spec) => spec;

    /// <inheritdoc/>
    public override double Work(PrimeCountSpec spec) => spec.Below;

    /// <summary>
    /// The reference is trial division, whose cost grows as N^1.5: it verifies on N = maxWork / 100 at most
    /// (2·10⁶ for the default budget, a fraction of a second).
    /// </summary>
    public override PrimeCountSpec ShrinkTo(PrimeCountSpec spec, double maxWork)
    {
        long below = (long)Math.Max(2, Math.Min(spec.Below, maxWork / 100));
        return below == spec.Below ? spec : spec with { Below = below };
    }

    /// <inheritdoc/>
    public override double Checksum(long result) => result;

    /// <summary>SHA-256 of the count as a little-endian int64.</summary>
    public override Fingerprint? Fingerprint(long result) => Ladder.Fingerprint.Of(result);

    /// <inheritdoc/>
    public override Verification Verify(long reference, long candidate, double tolerance) =>
        Verification.Within(Math.Abs(candidate - reference), tolerance, "|Δcount|");

    /// <summary>The count as a little-endian int64 (the fingerprint's bytes), so the reference's count can be kept on disk.</summary>
    public override byte[]? WriteAnswer(long result) => BitConverter.GetBytes(result);

    /// <inheritdoc/>
    public override bool TryReadAnswer(PrimeCountSpec spec, byte[] bytes, out long answer)
    {
        answer = bytes.Length == sizeof(long) ? BitConverter.ToInt64(bytes) : 0;
        return bytes.Length == sizeof(long);
    }
}
