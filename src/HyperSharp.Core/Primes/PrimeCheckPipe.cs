using System.Globalization;
using HyperSharp.Ladder;
using HyperSharp.Processes;

namespace HyperSharp.Primes;

/// <summary>
/// The flag as a message: child processes split the divisor range, each with a pipe from the parent on its standard
/// input. The first child to find a factor prints it; the parent then writes <c>stop</c> to every other child, whose
/// reader thread raises a flag in the child's own memory, looked at every <c>check_every</c> divisors. No shared
/// memory and no server: the cost of a check is a local read, the cost of the stop one pipe write per child.
/// </summary>
public sealed class PrimeCheckPipe : SyncRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <inheritdoc/>
    public override string Name => "processes-pipe";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Processes;
    /// <inheritdoc/>
    public override string Technique => "divisor range split over child processes, a stop message piped from the parent on the first factor";

    /// <inheritdoc/>
    public override string? Sweeps => "check_every";

    /// <inheritdoc/>
    protected override PrimeVerdict[] Compute(PrimeCheckSpec problem, RunContext context) =>
        DivisorShares.Verdicts(problem.Numbers, n => Search(n, context.Processes, problem.CheckEvery));

    private static long Search(ulong n, int workers, int checkEvery)
    {
        IReadOnlyList<string> hyper = WorkerProcesses.Hyper();
        var children = new List<Subprocess>();
        try
        {
            foreach (IReadOnlyList<string> args in DivisorShares.WorkerArguments(n, workers, checkEvery, "--pipe"))
                children.Add(Subprocess.Start([.. hyper, WorkerProcesses.Command, "primecheck", .. args], redirectInput: true));
            long found = 0;
            var answers = new string?[children.Count];
            // One thread per child waits for its answer: the first factor stops the others at once, not in start order.
            Thread[] readers = children.Select((child, i) => new Thread(() =>
            {
                answers[i] = child.ReadLine();
                if (long.TryParse(answers[i], NumberStyles.None, CultureInfo.InvariantCulture, out long f) && f != 0
                    && Interlocked.CompareExchange(ref found, f, 0) == 0)
                {
                    foreach (Subprocess other in children.Where(c => c != child))
                        Stop(other);
                }
            }) { IsBackground = true }).ToArray();
            foreach (Thread reader in readers)
                reader.Start();
            for (int i = 0; i < children.Count; i++)
            {
                if (!children[i].WaitForExit(WorkerProcesses.DefaultTimeout))
                    throw new TimeoutException($"worker {i} of primecheck did not finish within {WorkerProcesses.DefaultTimeout.TotalSeconds:F0} s");
                readers[i].Join();
                if (children[i].ExitCode != 0 || answers[i] is null)
                {
                    string message = $"worker {i} of primecheck failed (exit code {children[i].ExitCode}): {children[i].LastErrorLine.Trim()}";
                    throw children[i].ExitCode == 2 ? new SpecException(message) : new InvalidOperationException(message);
                }
            }
            return DivisorShares.FirstFactor(answers!);
        }
        finally
        {
            foreach (Subprocess child in children)
                child.Dispose();
        }
    }

    /// <summary>Writes the stop message; a child that has already finished has closed its end, which is fine.</summary>
    private static void Stop(Subprocess child)
    {
        try
        {
            child.Input.WriteLine("stop");
            child.Input.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// What a worker does: a thread reads standard input and raises the local flag on the parent's first line (or
    /// its end: a parent gone); the search looks at that flag. Returns the factor this worker found, or 0.
    /// </summary>
    public static ulong Work(ulong n, ulong from, ulong to, int checkEvery, TextReader input)
    {
        DivisorShares.CheckWorkerShare(from, checkEvery);
        var flag = new long[1];
        new Thread(() =>
        {
            input.ReadLine();
            Interlocked.CompareExchange(ref flag[0], -1, 0); // any nonzero value stops the search; -1 is no factor
        }) { IsBackground = true }.Start();
        var local = new SharedLong(ref flag[0]);
        return DivisorShares.Search(n, from, to, checkEvery, ref local);
    }
}
