using System.Globalization;

namespace HyperSharp.Harness.WordCount;

/// <summary>
/// The word-count bench's note: what each distributed row's job measured, for the estimate on N machines in
/// docs/cluster.md — wall time per phase (medians over the timed runs), the seconds of work inside the map and reduce
/// grains, and the bytes shuffled, the share of them per input byte, and those that crossed between nodes (the last
/// timed run's; all measured by the job, none estimated).
/// </summary>
internal static class WordCountJobNotes
{
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        List<RunResult> rows = [.. bench.Results.Where(r => r.Error is null && r.Figures?.ContainsKey("shuffled_bytes") == true)];
        if (rows.Count == 0)
            yield break;
        yield return "";
        yield return "Distributed jobs, measured per job: wall time per phase (median of the timed runs), work inside the grains (summed over tasks), payload bytes (last run)";
        yield return $"{"bytes",-12} {"nodes",5} {"map+combine",12} {"shuffle+reduce",15} {"collect",9} {"map tasks",10} {"reduce tasks",13} {"shuffled",10} {"per byte",9} {"between nodes",14} {"collected",10}";
        foreach (RunResult r in rows)
        {
            Dictionary<string, double> f = r.Figures!;
            string Phase(string name, string figure) =>
                Units.Seconds(r.Phases?.FirstOrDefault(p => p.Name == name)?.Seconds ?? f.GetValueOrDefault(figure));
            string bytes = r.Spec?.TryGetValue("bytes", out Ladder.SpecValue b) == true ? b.Display() : "?";
            double input = r.Work * 1e6;
            string perByte = input > 0 ? (f["shuffled_bytes"] / input).ToString("F3", CultureInfo.InvariantCulture) : "—";
            int nodes = r.Resources?.GetValueOrDefault("nodes", 1) ?? 1;
            yield return $"{bytes,-12} {nodes,5} {Phase("map+combine", "map_s"),12} {Phase("shuffle+reduce", "reduce_s"),15} {Phase("collect", "collect_s"),9} " +
                         $"{Units.Seconds(f.GetValueOrDefault("map_task_s")),10} {Units.Seconds(f.GetValueOrDefault("reduce_task_s")),13} " +
                         $"{Units.Bytes((long)f["shuffled_bytes"]),10} {perByte,9} {Units.Bytes((long)f.GetValueOrDefault("cross_node_bytes")),14} {Units.Bytes((long)f.GetValueOrDefault("collected_bytes")),10}";
        }
    }
}
