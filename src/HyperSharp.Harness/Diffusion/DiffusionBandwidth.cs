using System.Globalization;

namespace HyperSharp.Harness.Diffusion;

/// <summary>
/// What the diffusion bench prints under its table: each run's effective memory bandwidth against the machine's
/// STREAM-like bandwidth (<see cref="MemoryBandwidth"/>) at the same thread count.
/// </summary>
public static class DiffusionBandwidth
{
    /// <summary>Effective GB/s of every run (an ideal stream reads and writes each cell once a step: 2 × 8 bytes), as a
    /// fraction of the STREAM-like bandwidth measured now with the same number of threads.</summary>
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        var runs = bench.Results.Where(r => r.Error is null && r.Seconds > 0).ToList();
        if (runs.Count == 0)
            yield break;
        var stream = runs.Select(r => r.Threads).Distinct().Order()
            .ToDictionary(t => t, t => MemoryBandwidth.Measure(t));
        yield return "";
        yield return $"Memory bandwidth (STREAM-like, 3 × {MemoryBandwidth.DefaultArrayBytes >> 20} MiB arrays, best of 5): " + string.Join("; ",
            stream.Values.Select(s => $"{s.Threads} thread{(s.Threads == 1 ? "" : "s")}: copy {Gb(s.CopyBytesPerSecond)}, triad {Gb(s.TriadBytesPerSecond)} GB/s"));
        yield return $"{"size",6}  {"rung",-14} {"threads",7}  {"GB/s",7}  {"of STREAM",9}   (effective: 2 × 8 bytes × cells × steps / median)";
        foreach (RunResult r in runs)
        {
            double bytes = 2.0 * sizeof(double) * r.Work;
            double rate = bytes / r.Seconds;
            double best = stream[r.Threads].BestBytesPerSecond;
            yield return $"{BenchTable.AxisValue(r, "size"),6:F0}  {r.Rung,-14} {r.Threads,7}  {Gb(rate),7}  {rate / best,9:P0}";
        }

        static string Gb(double bytesPerSecond) => (bytesPerSecond / 1e9).ToString("F1", CultureInfo.InvariantCulture);
    }
}
