using HyperSharp.Ladder;

namespace HyperSharp.Processes;

/// <summary>
/// A work queue over child processes, like <c>multiprocessing.Pool.imap</c> with a chunk size: K long-lived
/// <c>hyper __worker SYSTEM … </c> children, each fed one task line on its standard input at a time and answering one
/// line on its standard output; whoever answers gets the next task. Tasks of uneven cost balance themselves.
/// </summary>
public static class WorkerQueue
{
    /// <summary>Runs every task on <paramref name="workers"/> children; the answers come back in task order.</summary>
    public static IReadOnlyList<string> Run(string system, IReadOnlyList<string> workerArguments, int workers, IReadOnlyList<string> tasks)
    {
        IReadOnlyList<string> hyper = WorkerProcesses.Hyper();
        var answers = new string[tasks.Count];
        int next = -1;
        var children = new List<Subprocess>();
        try
        {
            for (int w = 0; w < Math.Max(1, Math.Min(workers, tasks.Count)); w++)
                children.Add(Subprocess.Start([.. hyper, WorkerProcesses.Command, system, .. workerArguments], redirectInput: true));

            // One feeding loop per child: take the next task, send it, wait for its answer.
            Task[] feeders = children.Select(child => Task.Run(() =>
            {
                for (int i = Interlocked.Increment(ref next); i < tasks.Count; i = Interlocked.Increment(ref next))
                {
                    child.Input.WriteLine(tasks[i]);
                    child.Input.Flush();
                    answers[i] = child.ReadLine()
                        ?? throw new InvalidOperationException($"a {system} worker stopped (exit code {ExitCode(child)}): {child.LastErrorLine.Trim()}");
                }
                child.Input.Close(); // end of input: the worker exits
                child.WaitForExit(Timeout.InfiniteTimeSpan);
            })).ToArray();
            // One deadline for the whole queue, as for WorkerProcesses: a hung worker must not hang the run forever.
            if (!Task.WaitAll(feeders, WorkerProcesses.DefaultTimeout))
            {
                foreach (Subprocess child in children)
                    child.Dispose(); // kills it; its feeder then fails, unobserved
                throw new TimeoutException($"the {system} workers did not finish within {WorkerProcesses.DefaultTimeout.TotalMinutes:F0} minutes");
            }
            return answers;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            throw ex.InnerExceptions[0];
        }
        finally
        {
            foreach (Subprocess child in children)
                child.Dispose();
        }
    }

    /// <summary>The worker's side: answer each line of standard input with one line on standard output, until input ends.</summary>
    public static int Serve(Func<string, string> answer)
    {
        using var input = new StreamReader(Console.OpenStandardInput());
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        while (input.ReadLine() is { } line)
            output.WriteLine(answer(line));
        return 0;
    }

    // Its output has ended, so it is exiting; one that is not within a second is killed (and reported running).
    private static string ExitCode(Subprocess p) =>
        p.WaitForExit(TimeSpan.FromSeconds(1)) ? p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running";
}
