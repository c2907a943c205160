using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>The sieve as primesieve does it: a mod-30 wheel, pre-sieved segments, buckets for the large primes (<see cref="WheelSieve"/>).</summary>
public sealed class PrimesWheel : SyncRung<PrimeCountSpec, long>
{
    /// <inheritdoc/>
    public override string Name => "wheel";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique =>
        $"segmented sieve on a mod-30 wheel (8 numbers a byte), {WheelSieve.DefaultSegmentBytes / 1024} KiB segments pre-sieved by 7–163, small primes in 32 KiB L1 blocks, buckets for large primes, popcount, over all cores";

    /// <inheritdoc/>
    protected override long Compute(PrimeCountSpec problem, RunContext context) =>
        WheelSieve.Count(0, (ulong)problem.Below, context.MaxThreads);
}
