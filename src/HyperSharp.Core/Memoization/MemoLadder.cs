using System.Buffers.Binary;
using HyperSharp.Ladder;

namespace HyperSharp.Memoization;

/// <summary>
/// Memoization (Lanaro ch. 2): the recursive Fibonacci, naive (exponential), memoized (linear: each F(i) computed
/// once, then looked up) and bottom-up. Work is counted in calls of the naive recursion, so the throughput says how
/// much of the naive work each rung avoids. The memoized rung lives where its cache does (HyperSharp.Memo, through
/// the Catalog), so this package takes no cache dependency.
/// </summary>
public sealed class MemoLadder(IEnumerable<Rung<FibSpec, long>> extraRungs)
    : Ladder<FibSpec, FibSpec, long>([new FibReference(), .. extraRungs, new FibIterative()])
{
    /// <summary>The naive and bottom-up rungs only (no memoized rung).</summary>
    public MemoLadder() : this([]) { }

    /// <inheritdoc/>
    public override string Name => "memo";
    /// <inheritdoc/>
    public override string Title => "Memoization: the recursive Fibonacci naive, memoized and bottom-up (Lanaro ch. 2)";
    /// <inheritdoc/>
    public override string Unit => "calls/s";

    /// <inheritdoc/>
    public override SpecDeclaration<FibSpec> Spec { get; } =
        new SpecDeclaration<FibSpec>(v => new FibSpec(v.Int("n")))
            .Integer("n", "Compute the n-th Fibonacci number.", s => s.N, FibSpec.DefaultN, 0, FibSpec.MaxN,
                axis: new SweepAxis("ns", [30, 40], Report: [32, 42]));

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("memo", "python-lru_cache", "lru_cache", exact: true),
        PeerProgram.Python("memo", "python", "naive", maxWork: 5e7, exact: true),
    ];

    /// <inheritdoc/>
    public override FibSpec Build(FibSpec spec) => spec;

    /// <inheritdoc/>
    public override double Work(FibSpec spec) => FibSpec.NaiveCalls(spec.N);

    /// <summary>The largest n ≤ spec's whose naive recursion stays within <paramref name="maxWork"/> calls.</summary>
    public override FibSpec ShrinkTo(FibSpec spec, double maxWork)
    {
        int n = spec.N;
        while (n > 1 && FibSpec.NaiveCalls(n) > maxWork)
            n--;
        return n == spec.N ? spec : spec with { N = n };
    }

    /// <inheritdoc/>
    public override double Checksum(long result) => result;

    /// <summary>SHA-256 of F(n) as a little-endian int64.</summary>
    public override Fingerprint? Fingerprint(long result) => Ladder.Fingerprint.Of(result);

    /// <inheritdoc/>
    public override Verification Verify(long reference, long candidate, double tolerance) =>
        Verification.Within(reference == candidate ? 0 : 1, tolerance, "F(n) differs (0 equal, 1 different)");

    /// <inheritdoc/>
    public override byte[]? WriteAnswer(long result)
    {
        byte[] bytes = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, result);
        return bytes;
    }

    /// <inheritdoc/>
    public override bool TryReadAnswer(FibSpec spec, byte[] bytes, out long answer)
    {
        answer = bytes.Length == sizeof(long) ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : 0;
        return bytes.Length == sizeof(long);
    }
}
