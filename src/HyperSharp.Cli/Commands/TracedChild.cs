using System.Diagnostics;
using HyperSharp.Diagnostics;
using HyperSharp.Harness;
using Microsoft.Diagnostics.NETCore.Client;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// A child <c>hyper</c> started suspended (its runtime waits at start-up for a diagnostics session's resume), so that
/// a recording that <c>hyper profile</c> or <c>hyper memory</c> starts misses nothing of its run.
/// </summary>
internal static class TracedChild
{
    /// <summary>The runtime waits at start-up for the profiler's resume, so no sample of the run is missed.</summary>
    internal const string SuspendVariable = "DOTNET_DefaultDiagnosticPortSuspend";

    /// <summary>
    /// Runs <c>hyper ARGS</c> under <paramref name="record"/> (given the child's id and its exit; it resumes the
    /// runtime); returns the seconds recorded and the child's standard output. A child that fails is an error.
    /// </summary>
    public static (double Seconds, string Stdout) Run(IReadOnlyList<string> args, Func<int, Task, double> record)
    {
        IReadOnlyList<string> hyper = ChildProcess.Self();
        var info = new ProcessStartInfo(hyper[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in hyper.Skip(1).Concat(args))
            info.ArgumentList.Add(a);
        info.Environment[SuspendVariable] = "1";
        using Process child = Process.Start(info) ?? throw new ProfileException("cannot start hyper run");
        string lastError = "";
        child.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lastError = e.Data; };
        child.BeginErrorReadLine();
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        double seconds;
        try
        {
            seconds = record(child.Id, child.WaitForExitAsync());
        }
        catch
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        child.WaitForExit();
        stdout.Wait();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"the recorded `hyper {string.Join(' ', args)}` failed (exit code {child.ExitCode}): {lastError}");
        return (seconds, stdout.Result);
    }

    /// <summary>
    /// Runs <c>hyper run …</c> recording <paramref name="providers"/> into <paramref name="trace"/> while its working set
    /// is read from outside (<see cref="MemoryTrace.ReadWorkingSetAsync"/>): the child's result and the readings.
    /// </summary>
    public static (RunResult Result, List<(DateTime Utc, long Bytes)> WorkingSet) RunRecorded(
        IReadOnlyList<string> args, string trace, IReadOnlyList<EventPipeProvider> providers, bool rundown)
    {
        List<(DateTime, long)> workingSet = [];
        (_, string stdout) = Run(args, (pid, exited) =>
        {
            Task<List<(DateTime, long)>> reading = MemoryTrace.ReadWorkingSetAsync(pid, exited);
            double seconds = Sampler.Record(pid, trace, exited, providers, rundown, resume: true);
            workingSet = reading.GetAwaiter().GetResult();
            return seconds;
        });
        return (ResultOf(stdout) ?? throw new InvalidOperationException($"`hyper {string.Join(' ', args)}` printed no result"), workingSet);
    }

    /// <summary>The result a <c>hyper run --json</c> printed: its last line that is a JSON object.</summary>
    public static RunResult? ResultOf(string stdout) =>
        stdout.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{')) is { } line ? RunResult.FromJson(line) : null;
}
