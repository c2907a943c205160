using System.Diagnostics;

namespace HyperSharp.Harness;

/// <summary>
/// Runs a measurement in a process of its own, so that each result has its own peak memory and no JIT, GC or cache
/// state left by the run before. Rungs are run as <c>hyper run … --json</c>; peers are their own programs. Both print
/// one <see cref="RunResult"/> as the last line of standard output.
/// </summary>
public static class ChildProcess
{
    /// <summary>The command that starts <c>hyper</c> (an apphost, a single file, or <c>dotnet hyper.dll</c>).</summary>
    public static IReadOnlyList<string> Self() => HyperSharp.Processes.WorkerProcesses.Hyper();

    /// <summary>Runs <paramref name="command"/>; returns its result, or a result whose <c>Error</c> says what went wrong.</summary>
    public static RunResult Run(IReadOnlyList<string> command, string system, string label, TimeSpan timeout, Action<string>? log = null)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in command.Skip(1))
            info.ArgumentList.Add(arg);

        using var process = new Process { StartInfo = info };
        var stdout = new List<string>();
        string lastError = "";
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Add(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lastError = e.Data;
            log?.Invoke($"  {label}: {e.Data}");
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Failed(system, label, $"cannot start {command[0]}: {ex.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return Failed(system, label, $"stopped after {timeout.TotalSeconds:F0} s");
        }
        process.WaitForExit(); // drains the asynchronous readers

        string? json = stdout.LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (json is not null)
        {
            try
            {
                RunResult result = RunResult.FromJson(json);
                return result.Error is null && process.ExitCode != 0
                    ? result with { Error = $"exit code {process.ExitCode}: {lastError}" }
                    : result;
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Failed(system, label, $"unreadable result: {ex.Message}");
            }
        }
        return Failed(system, label, process.ExitCode == 0 ? "printed no result" : $"exit code {process.ExitCode}: {lastError}");
    }

    public static RunResult Failed(string system, string label, string error) =>
        new() { System = system, Rung = label, Error = error };
}
