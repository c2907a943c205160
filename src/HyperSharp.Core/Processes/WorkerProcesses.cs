using HyperSharp.Ladder;

namespace HyperSharp.Processes;

/// <summary>
/// Runs parts of a problem in child processes: each child is <c>hyper __worker SYSTEM ARGS…</c>, does its share and
/// prints its partial result as the last line of standard output. Children start together and are awaited together;
/// their start-up (≈ 0.1 s of runtime and JIT each) is part of what a process rung measures.
/// </summary>
public static class WorkerProcesses
{
    /// <summary>The hidden subcommand a worker runs under.</summary>
    public const string Command = "__worker";

    /// <summary>
    /// The command that starts <c>hyper</c>: this very process when it is hyper (an apphost, or <c>dotnet hyper.dll</c>),
    /// else <c>dotnet hyper.dll</c> next to this program (as in the tests, which reference the CLI project).
    /// </summary>
    public static IReadOnlyList<string> Hyper()
    {
        string? process = Environment.ProcessPath;
        string processName = Path.GetFileNameWithoutExtension(process) ?? "";
        bool isDotnet = processName == "dotnet";
        if (process is not null && processName == "hyper")
            return [process];
        // `dotnet hyper.dll`, or a test host with hyper.dll copied beside it: the same file either way.
        string dll = Path.Combine(AppContext.BaseDirectory, "hyper.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"cannot find hyper to start worker processes (no {dll})");
        string host = isDotnet ? process! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return [host, dll];
    }

    /// <summary>How long <see cref="Run"/> waits for its children unless told otherwise: far beyond any sane run, so
    /// only a hung child reaches it.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts one child per entry of <paramref name="workerArguments"/> (all at once), waits for them all, and returns
    /// the last line each printed, in the same order. A child that fails throws, with its last line of standard error;
    /// children still running after <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>) are killed and
    /// a <see cref="TimeoutException"/> is thrown.
    /// </summary>
    public static IReadOnlyList<string> Run(string system, IReadOnlyList<IReadOnlyList<string>> workerArguments, TimeSpan? timeout = null)
    {
        IReadOnlyList<string> hyper = Hyper();
        TimeSpan limit = timeout ?? DefaultTimeout;
        var children = new List<Subprocess>();
        try
        {
            foreach (IReadOnlyList<string> args in workerArguments)
                children.Add(Subprocess.Start([.. hyper, Command, system, .. args]));

            // One deadline for all: the children run together, so none should take much longer than the first.
            using var deadline = new CancellationTokenSource(limit);
            var lines = new string[children.Count];
            for (int i = 0; i < children.Count; i++)
            {
                Subprocess child = children[i];
                try
                {
                    child.WaitForExit(Timeout.InfiniteTimeSpan, deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"worker {i} of {system} did not finish within {limit.TotalSeconds:F0} s");
                }
                string last = LastLine(child.ReadAllLines());
                if (child.ExitCode != 0 || last.Length == 0)
                {
                    string message = $"worker {i} of {system} failed (exit code {child.ExitCode}): {child.LastErrorLine.Trim()}";
                    throw child.ExitCode == 2 ? new SpecException(message) : new InvalidOperationException(message);
                }
                lines[i] = last;
            }
            return lines;
        }
        finally
        {
            foreach (Subprocess child in children)
                child.Dispose();
        }
    }

    private static string LastLine(IReadOnlyList<string> lines) =>
        lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
}
