using System.Diagnostics.Tracing;
using HyperSharp.Harness;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace HyperSharp.Diagnostics;

/// <summary>One reading of a process's memory: seconds since the recording began, its working set and its GC heap.</summary>
public sealed record MemorySample(double Seconds, long WorkingSetBytes, long GcHeapBytes);

/// <summary>One timed run of the harness, as its markers place it in the recording (seconds since it began).</summary>
public sealed record TimedSpan(double Start, double Stop);

/// <summary>
/// A process's memory over time — mprof's view of a rung. The working set is read from outside every
/// <see cref="IntervalMs"/> (the operating system's count, as <see cref="System.Diagnostics.Process.WorkingSet64"/>
/// reports it); the GC heap comes from the runtime's GC events: its size after each collection plus the allocations
/// since, which the runtime reports every ~100 KB (AllocationTick). Neither allocates in the observed process — the
/// runtime's EventCounters would, on their polling thread, and a rung that allocates nothing would seem to. The
/// harness's timed runs are placed on the same clock (<see cref="TimingEvents"/>).
/// </summary>
public sealed class MemoryTrace
{
    /// <summary>How often the working set is read: memory_profiler's default 0.1 s is too coarse for runs of milliseconds.</summary>
    public const double IntervalMs = 10;

    /// <summary>The readings, in time order.</summary>
    public required IReadOnlyList<MemorySample> Samples { get; init; }

    /// <summary>The timed runs, in order (empty when the process is not the harness).</summary>
    public required IReadOnlyList<TimedSpan> Runs { get; init; }

    /// <summary>
    /// The GC heap's estimate at each of its events (seconds, bytes): after each collection, and at each ~100 KB of
    /// allocation. Its peak, just before a collection, is higher than a 10 ms reading may catch.
    /// </summary>
    public required IReadOnlyList<(double Seconds, long Bytes)> GcHeap { get; init; }

    /// <summary>From the first timed run's start to the last one's end, when there were any.</summary>
    public TimedSpan? TimedRegion => Runs.Count == 0 ? null : new TimedSpan(Runs[0].Start, Runs[^1].Stop);

    /// <summary>Seconds from the recording's start to its last reading.</summary>
    public double DurationSeconds => Samples.Count == 0 ? 0 : Samples[^1].Seconds;

    /// <summary>The highest working set read (within <paramref name="region"/>, when given, counting the reading in force at its start); 0 with none.</summary>
    public long PeakWorkingSet(TimedSpan? region = null) =>
        Within(Samples.Select(s => (s.Seconds, s.WorkingSetBytes)).ToList(), region);

    /// <summary>The GC heap's highest estimate (within <paramref name="region"/>, when given, counting the estimate in force at its start); 0 with none.</summary>
    public long PeakGcHeap(TimedSpan? region = null) => Within(GcHeap, region);

    private static long Within(IReadOnlyList<(double Seconds, long Bytes)> values, TimedSpan? region)
    {
        if (region is not { } r)
            return values.Select(v => v.Bytes).DefaultIfEmpty().Max();
        long peak = 0;
        foreach ((double t, long bytes) in values)
        {
            if (t > r.Stop)
                break;
            peak = t < r.Start ? bytes : Math.Max(peak, bytes); // the last value before the region is in force at its start
        }
        return peak;
    }

    internal const long GcKeyword = 0x1;

    /// <summary>What to record: the GC's events (AllocationTick is verbose) and the harness's run markers.</summary>
    public static IReadOnlyList<EventPipeProvider> Providers() =>
    [
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, GcKeyword),
        new(TimingEvents.ProviderName, EventLevel.Informational),
    ];

    /// <summary>
    /// Reads the working set of <paramref name="pid"/> every <see cref="IntervalMs"/> until <paramref name="stop"/>
    /// completes or the process ends: (UTC time, bytes) pairs, for <see cref="Load"/>.
    /// </summary>
    public static async Task<List<(DateTime Utc, long Bytes)>> ReadWorkingSetAsync(int pid, Task stop)
    {
        var readings = new List<(DateTime, long)>();
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return readings; // it has ended already: no reading, which the caller reports
        }
        using var owned = process;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(IntervalMs));
        while (!stop.IsCompleted)
        {
            try
            {
                process.Refresh();
                long bytes = process.WorkingSet64;
                if (process.HasExited || bytes == 0)
                    break; // a process on its way out reads 0
                readings.Add((DateTime.UtcNow, bytes));
            }
            catch (InvalidOperationException)
            {
                break; // it ended between two looks
            }
            await timer.WaitForNextTickAsync().ConfigureAwait(false);
        }
        return readings;
    }

    /// <summary>Reads a <c>.nettrace</c> recorded with <see cref="Providers"/>, with the working set read beside it.</summary>
    public static MemoryTrace Load(string nettracePath, IReadOnlyList<(DateTime Utc, long Bytes)> workingSet)
    {
        var runs = new List<(DateTime Start, DateTime Stop)>();
        var heap = new List<(DateTime Utc, long Bytes)>();
        DateTime? runStart = null;
        long afterLastGc = 0, allocatedSince = 0;
        using (var source = new EventPipeEventSource(nettracePath))
        {
            source.Clr.GCAllocationTick += e =>
            {
                allocatedSince += e.AllocationAmount64;
                heap.Add((e.TimeStamp.ToUniversalTime(), afterLastGc + allocatedSince));
            };
            source.Clr.GCHeapStats += e =>
            {
                afterLastGc = e.TotalHeapSize;
                allocatedSince = 0;
                heap.Add((e.TimeStamp.ToUniversalTime(), afterLastGc));
            };
            source.Dynamic.All += e =>
            {
                // By ID: the events may arrive without their names.
                if (e.ProviderName != TimingEvents.ProviderName)
                    return;
                if ((int)e.ID == 3)
                    runStart = e.TimeStamp.ToUniversalTime();
                else if ((int)e.ID == 4 && runStart is { } start)
                {
                    runs.Add((start, e.TimeStamp.ToUniversalTime()));
                    runStart = null;
                }
            };
            source.Process();
        }
        DateTime origin = workingSet.Count > 0 ? workingSet[0].Utc : DateTime.UtcNow;
        double Since(DateTime t) => (t - origin).TotalSeconds;
        var samples = new List<MemorySample>(workingSet.Count);
        int h = -1;
        foreach ((DateTime t, long bytes) in workingSet)
        {
            while (h + 1 < heap.Count && heap[h + 1].Utc <= t)
                h++;
            samples.Add(new MemorySample(Since(t), bytes, h < 0 ? 0 : heap[h].Bytes));
        }
        return new MemoryTrace
        {
            Samples = samples,
            Runs = [.. runs.Select(r => new TimedSpan(Since(r.Start), Since(r.Stop)))],
            GcHeap = [.. heap.Select(x => (Since(x.Utc), x.Bytes))],
        };
    }
}
