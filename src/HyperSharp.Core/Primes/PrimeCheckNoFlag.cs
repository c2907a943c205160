using HyperSharp.Ladder;
using HyperSharp.Processes;

namespace HyperSharp.Primes;

/// <summary>
/// The book's starting point: the divisor range split over child processes with no shared flag. Each child stops
/// only at a factor of its own and prints it (or 0); the number is done when the last child is. On a composite whose
/// factor lies in the first share, the others search their whole share for nothing: what a flag saves.
/// </summary>
public sealed class PrimeCheckNoFlag : SyncRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <inheritdoc/>
    public override string Name => "processes-noflag";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Processes;
    /// <inheritdoc/>
    public override string Technique => "divisor range split over child processes, no early-exit flag (the book's baseline)";

    /// <summary>Swept with the other mechanisms, though it never looks at a flag: the flat line they are measured against.</summary>
    public override string? Sweeps => "check_every";

    /// <inheritdoc/>
    protected override PrimeVerdict[] Compute(PrimeCheckSpec problem, RunContext context) =>
        DivisorShares.Verdicts(problem.Numbers, n =>
            DivisorShares.FirstFactor(WorkerProcesses.Run("primecheck", DivisorShares.WorkerArguments(n, context.Processes, problem.CheckEvery, "--no-flag"))));

    /// <summary>What a worker does: search its share to its end or its own first factor; returns that factor or 0.</summary>
    public static ulong Work(ulong n, ulong from, ulong to, int checkEvery)
    {
        DivisorShares.CheckWorkerShare(from, checkEvery);
        var none = new NoFlag();
        return DivisorShares.Search(n, from, to, checkEvery, ref none);
    }
}
