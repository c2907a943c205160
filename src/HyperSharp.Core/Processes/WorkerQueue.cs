using System.Diagnostics;
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
        var children = new List<Process>();
        try
        {
            for (int w = 0; w < Math.Max(1, Math.Min(workers, tasks.Count)); w++)
            {
                var info = new ProcessStartInfo(hyper[0])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (string a in hyper.Skip(1).Concat([WorkerProcesses.Command, system]).Concat(workerArguments))
                    info.ArgumentList.Add(a);
                children.Add(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {hyper[0]}"));
            }

            // One feeding loop per child: take the next task, send it, wait for its answer.
            Task[] feeders = children.Select(child => Task.Run(() =>
            {
                Task<string> stderr = child.StandardError.ReadToEndAsync();
                for (int i = Interlocked.Increment(ref next); i < tasks.Count; i = Interlocked.Increment(ref next))
                {
                    child.StandardInput.WriteLine(tasks[i]);
                    child.StandardInput.Flush();
                    answers[i] = child.StandardOutput.ReadLine()
                        ?? throw new InvalidOperationException($"a {system} worker stopped (exit code {ExitCode(child)}): {stderr.Result.Trim()}");
                }
                child.StandardInput.Close(); // end of input: the worker exits
                child.WaitForExit();
            })).ToArray();
            Task.WaitAll(feeders);
            return answers;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            throw ex.InnerExceptions[0];
        }
        finally
        {
            foreach (Process child in children)
            {
                if (!child.HasExited)
                    child.Kill(entireProcessTree: true);
                child.Dispose();
            }
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

    private static string ExitCode(Process p) => p.WaitForExit(1000) ? p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running";
}
