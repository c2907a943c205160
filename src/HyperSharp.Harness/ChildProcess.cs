using System.ComponentModel;
using HyperSharp.Processes;

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
        Subprocess child;
        try
        {
            child = Subprocess.Start(command, onErrorLine: line => log?.Invoke($"  {label}: {line}"));
        }
        catch (Win32Exception ex)
        {
            return Failed(system, label, $"cannot start {command[0]}: {ex.Message}");
        }
        IReadOnlyList<string> stdout;
        int exitCode;
        string lastError;
        using (child)
        {
            if (!child.WaitForExit(timeout))
                return Broken(system, label, $"stopped after {timeout.TotalSeconds:F0} s");
            stdout = child.ReadAllLines();
            exitCode = child.ExitCode;
            lastError = child.LastErrorLine;
        }

        string? json = stdout.LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (json is not null)
        {
            try
            {
                RunResult result = RunResult.FromJson(json);
                return result.Error is null && exitCode != 0
                    ? result with { Error = $"exit code {exitCode}: {lastError}", Verified = false }
                    : result;
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Broken(system, label, $"unreadable result: {ex.Message}");
            }
        }
        return Broken(system, label, exitCode == 0 ? "printed no result" : $"exit code {exitCode}: {lastError}");
    }

    /// <summary>
    /// A child that ran and failed — timed out, crashed, printed garbage (a NaN where a number belongs) — as opposed to
    /// one that said it cannot run here (a peer whose library is missing prints its reason and exits 3): its answer
    /// is marked unverified-false, so the bench counts it as a failure for a peer as for a rung.
    /// </summary>
    private static RunResult Broken(string system, string label, string error) => Failed(system, label, error) with { Verified = false };

    public static RunResult Failed(string system, string label, string error) =>
        new() { System = system, Rung = label, Error = error };
}
