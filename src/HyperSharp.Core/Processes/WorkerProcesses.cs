using System.Diagnostics;
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

    /// <summary>
    /// Starts one child per entry of <paramref name="workerArguments"/> (all at once), waits for them all, and returns
    /// the last line each printed, in the same order. A child that fails throws, with its last line of standard error.
    /// </summary>
    public static IReadOnlyList<string> Run(string system, IReadOnlyList<IReadOnlyList<string>> workerArguments)
    {
        IReadOnlyList<string> hyper = Hyper();
        var children = new List<(Process Process, Task<string> Stdout, Task<string> Stderr)>();
        try
        {
            foreach (IReadOnlyList<string> args in workerArguments)
            {
                var info = new ProcessStartInfo(hyper[0])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (string a in hyper.Skip(1).Concat([Command, system]).Concat(args))
                    info.ArgumentList.Add(a);
                Process child = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {hyper[0]}");
                children.Add((child, child.StandardOutput.ReadToEndAsync(), child.StandardError.ReadToEndAsync()));
            }

            var lines = new string[children.Count];
            for (int i = 0; i < children.Count; i++)
            {
                (Process child, Task<string> stdout, Task<string> stderr) = children[i];
                child.WaitForExit();
                string last = LastLine(stdout.Result);
                if (child.ExitCode != 0 || last.Length == 0)
                {
                    string why = LastLine(stderr.Result);
                    string message = $"worker {i} of {system} failed (exit code {child.ExitCode}): {why}";
                    throw child.ExitCode == 2 ? new SpecException(message) : new InvalidOperationException(message);
                }
                lines[i] = last;
            }
            return lines;
        }
        finally
        {
            foreach ((Process child, _, _) in children)
            {
                if (!child.HasExited)
                    child.Kill(entireProcessTree: true);
                child.Dispose();
            }
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
