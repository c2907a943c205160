using System.CommandLine;
using System.Globalization;
using HyperSharp.Harness;

namespace HyperSharp.Cli.Commands;

/// <summary><c>hyper machine bandwidth</c>: the STREAM-like memory bandwidth memory-bound rungs are compared with.</summary>
internal static class MachineCommand
{
    public static Command Create()
    {
        var threads = new Option<string?>("--threads") { Description = "Comma-separated thread counts (default: 1 and all cores)." };
        var bandwidth = new Command("bandwidth", "Measure main-memory bandwidth: STREAM-like copy and triad over arrays ≫ L3.") { threads };
        bandwidth.SetAction(p => Guard.Run(() =>
        {
            IReadOnlyList<int> counts = CommonOptions.Counts(p.GetValue(threads), "--threads");
            if (counts.Count == 0)
                counts = new[] { 1, Environment.ProcessorCount }.Distinct().ToArray();
            Output.Table($"Memory bandwidth, 3 arrays of {MemoryBandwidth.DefaultArrayBytes >> 20} MiB, best of 5 (GB/s = 1e9 bytes/s)",
                ["threads", "copy GB/s", "triad GB/s"],
                counts.Select(t => MemoryBandwidth.Measure(t)).Select(r => new[]
                {
                    r.Threads.ToString(CultureInfo.InvariantCulture),
                    (r.CopyBytesPerSecond / 1e9).ToString("F1", CultureInfo.InvariantCulture),
                    (r.TriadBytesPerSecond / 1e9).ToString("F1", CultureInfo.InvariantCulture),
                }));
            return 0;
        }));
        return new Command("machine", "Measurements of this machine.") { bandwidth };
    }
}
