using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>A better algorithm, not faster division: a segmented sieve of Eratosthenes over all cores.</summary>
public sealed class PrimesSieve : SyncRung<PrimeCountSpec, long>
{
    public override string Name => "sieve";
    public override RungKind Kind => RungKind.Algorithm;
    public override RungResources Uses => RungResources.Threads;
    public override string Technique => $"segmented sieve of Eratosthenes, odd numbers only, {SegmentedSieve.SegmentBytes / 1024} KiB segments over all cores";

    protected override long Compute(PrimeCountSpec problem, RunContext context) =>
        SegmentedSieve.Count(problem.Below, context.MaxThreads);
}
