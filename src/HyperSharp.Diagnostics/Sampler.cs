using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace HyperSharp.Diagnostics;

/// <summary>Bad input to the profiler (no such process, not a .NET process, it ended too soon): one line, exit 2.</summary>
public sealed class ProfileException(string message) : Exception(message);

/// <summary>
/// Records a CPU-sampling EventPipe trace (<c>.nettrace</c>) of a .NET process: the runtime's sample profiler (every
/// managed thread's stack each millisecond), the JIT's method and IL-to-native-map events that name methods and lines,
/// a rundown at the end for the code jitted before the session began, and the harness's timed-region markers.
/// </summary>
public static class Sampler
{
    /// <summary>The sample profiler's interval: the runtime's default, not configurable through EventPipe.</summary>
    public const double IntervalMs = 1.0;

    private const long ClrKeywords = 0x8 /* Loader */ | 0x10 /* Jit */ | 0x20 /* NGen (ReadyToRun) */ | 0x20000 /* JittedMethodILToNativeMap */;

    /// <summary>
    /// What a profile records; with <paramref name="memory"/> also the GC's events that <see cref="MemoryTrace"/> reads,
    /// so that one run gives both (the runtime's provider is enabled once, with both sets of keywords).
    /// </summary>
    public static IReadOnlyList<EventPipeProvider> Providers(bool memory = false) =>
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, ClrKeywords | (memory ? MemoryTrace.GcKeyword : 0)),
        new(HyperSharp.Harness.TimingEvents.ProviderName, EventLevel.Informational),
    ];

    /// <summary>
    /// Attaches to process <paramref name="pid"/> and records until <paramref name="stop"/> completes or the process
    /// ends; returns the seconds recorded. <paramref name="resume"/> resumes a runtime started suspended.
    /// </summary>
    public static double Record(int pid, string nettracePath, Task stop, bool resume = false, TimeSpan? wait = null) =>
        Record(pid, nettracePath, stop, Providers(), rundown: true, resume, wait);

    /// <summary>
    /// Records the events of <paramref name="providers"/> (and a rundown, when <paramref name="rundown"/>) of process
    /// <paramref name="pid"/> until <paramref name="stop"/> completes or the process ends; returns the seconds recorded.
    /// </summary>
    public static double Record(int pid, string nettracePath, Task stop, IReadOnlyList<EventPipeProvider> providers, bool rundown,
        bool resume = false, TimeSpan? wait = null)
    {
        DiagnosticsClient client = Connect(pid, wait);
        using EventPipeSession session = client.StartEventPipeSession(providers, requestRundown: rundown, circularBufferMB: 256);
        var clock = Stopwatch.StartNew();
        using (FileStream file = File.Create(nettracePath))
        {
            Task copy = session.EventStream.CopyToAsync(file);
            if (resume)
                client.ResumeRuntime();
            Task.WaitAny(stop, copy);
            if (!copy.IsCompleted)
            {
                try
                {
                    session.Stop(); // the rundown follows, then the stream ends
                }
                catch (Exception ex) when (ex is ServerNotAvailableException or EndOfStreamException or IOException)
                {
                    // The process ended as we stopped: its runtime wrote the rundown on the way out.
                }
            }
            copy.Wait(TimeSpan.FromSeconds(60));
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The process's diagnostics port, waiting up to <paramref name="wait"/> (default 10 s) for a runtime that has just started to open it.</summary>
    public static DiagnosticsClient Connect(int pid, TimeSpan? wait = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (DiagnosticsClient.GetPublishedProcesses().Contains(pid))
                return new DiagnosticsClient(pid);
            if (!Alive(pid))
                throw new ProfileException($"no process {pid} is running");
            if (deadline.Elapsed >= (wait ?? TimeSpan.FromSeconds(10)))
                throw new ProfileException($"process {pid} is not a .NET process (it publishes no diagnostics port)");
            Thread.Sleep(20);
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using Process p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
