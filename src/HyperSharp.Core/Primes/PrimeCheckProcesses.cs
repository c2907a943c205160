using System.IO.MemoryMappedFiles;
using HyperSharp.Ladder;
using HyperSharp.Processes;

namespace HyperSharp.Primes;

/// <summary>
/// <see cref="PrimeCheckThreads"/> with processes: one <c>hyper __worker primecheck</c> child per core per number,
/// and the early-exit flag in an 8-byte memory-mapped file that every child maps (the book's mmap flag). Child
/// start-up per number is part of the timed run.
/// </summary>
public sealed class PrimeCheckProcesses : SyncRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <inheritdoc/>
    public override string Name => "processes";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Processes;
    /// <inheritdoc/>
    public override string Technique => "divisor range split over child processes, early-exit flag in a memory-mapped file";

    /// <summary>Its speed depends on how often it looks at the shared flag: the bench runs it at every interval given.</summary>
    public override string? Sweeps => "check_every";

    /// <inheritdoc/>
    protected override PrimeVerdict[] Compute(PrimeCheckSpec problem, RunContext context) =>
        DivisorShares.Verdicts(problem.Numbers, n => Search(n, context.Processes, problem.CheckEvery));

    private static long Search(ulong n, int workers, int checkEvery)
    {
        string flagPath = Path.Combine(Path.GetTempPath(), $"hypersharp-flag-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(flagPath, new byte[sizeof(long)]);
            var arguments = DivisorShares.WorkerArguments(n, workers, checkEvery, "--flag", flagPath);
            WorkerProcesses.Run("primecheck", arguments);
            return BitConverter.ToInt64(File.ReadAllBytes(flagPath));
        }
        finally
        {
            File.Delete(flagPath);
        }
    }

    /// <summary>What a worker does: search its share, with the flag mapped from <paramref name="flagPath"/>.</summary>
    public static unsafe void Work(ulong n, ulong from, ulong to, int checkEvery, string flagPath)
    {
        DivisorShares.CheckWorkerShare(from, checkEvery);
        using var file = MemoryMappedFile.CreateFromFile(flagPath, FileMode.Open, null, sizeof(long), MemoryMappedFileAccess.ReadWrite);
        using MemoryMappedViewAccessor view = file.CreateViewAccessor(0, sizeof(long));
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            // Interlocked and Volatile on the mapped page: the other children see the flag as soon as it is set.
            DivisorShares.Search(n, from, to, checkEvery, ref *(long*)(pointer + view.PointerOffset));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
