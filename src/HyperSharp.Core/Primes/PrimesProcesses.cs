using System.Globalization;
using HyperSharp.Ladder;
using HyperSharp.Processes;

namespace HyperSharp.Primes;

/// <summary>
/// The book's Pool with a chunk size, as processes: one <c>hyper __worker primes</c> child per core, fed shuffled
/// chunks of numbers through a work queue (<see cref="WorkerQueue"/>); each answers its chunk's count. Process
/// start-up and one pipe round trip per chunk are part of the timed run.
/// </summary>
public sealed class PrimesProcesses : SyncRung<PrimeCountSpec, long>
{
    /// <inheritdoc/>
    public override string Name => "processes";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Processes;
    /// <inheritdoc/>
    public override string Technique => "trial division in one child process per core, shuffled chunks fed through a work queue";

    /// <summary>Its speed depends on the chunk size: the bench runs it at every chunk size given.</summary>
    public override string? Sweeps => "chunk";

    /// <inheritdoc/>
    public override void Check(PrimeCountSpec problem) => PrimesThreads.CheckChunks(problem);

    /// <inheritdoc/>
    protected override long Compute(PrimeCountSpec problem, RunContext context)
    {
        string[] tasks = PrimesThreads.Chunks(problem)
            .Select(start => Task(start, Math.Min(problem.Below, start + problem.Chunk)))
            .ToArray();
        return WorkerQueue.Run("primes", [], context.Processes, tasks)
            .Sum(answer => long.Parse(answer, CultureInfo.InvariantCulture));
    }

    /// <summary>A task line: "from to" (to exclusive).</summary>
    public static string Task(long from, long to) => string.Create(CultureInfo.InvariantCulture, $"{from} {to}");

    /// <summary>A worker's answer to a task line: the primes in [from, to).</summary>
    public static string Answer(string task)
    {
        string[] parts = task.Split(' ');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out long from)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long to) || from < 0 || to < from)
            throw new SpecException($"bad primes task '{task}' (expected 'from to')");
        return PrimesThreads.CountChunk(from, to).ToString(CultureInfo.InvariantCulture);
    }
}
