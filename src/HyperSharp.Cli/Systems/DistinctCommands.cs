using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Harness.Sketches;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper distinct FILE…</c>: the distinct lines (or fields) of files or stdin, streaming, in a fixed-size sketch.</summary>
internal sealed class DistinctCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Distinct;

    public Command? Tools()
    {
        var files = new Argument<string[]>("files") { Description = "Files to read, in turn ('-' or none: stdin).", Arity = ArgumentArity.ZeroOrMore };
        var field = new Option<int?>("--field") { Description = "Count the N-th whitespace-separated field (1-based) instead of whole lines; lines without it are skipped." };
        var sketch = new Option<string>("--sketch") { Description = "ull (UltraLogLog, the default), hll (HyperLogLog) or exact (a set of 64-bit hashes).", DefaultValueFactory = _ => "ull" };
        var precision = new Option<int>("--precision") { Description = $"2^P registers (default {DistinctCount.DefaultPrecision}: 16 KiB, ± 1.2 % at 95 % for ull).", DefaultValueFactory = _ => DistinctCount.DefaultPrecision };
        var threads = new Option<int>("--threads") { Description = "Threads for a regular file, each counting a part of it into a sketch of its own, merged at the end (default: all cores; stdin is read by one).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "One JSON object: estimate, error_95 (a fraction), sketch, precision, sketch_bytes, items, skipped." };
        var command = new Command("distinct", "Count the distinct lines (or fields) of files or stdin in fixed memory, with the estimate's error at 95 % (instead of `sort -u | wc -l`).")
        {
            files, field, sketch, precision, threads, json,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            int? n = p.GetValue(field);
            DistinctReport report = DistinctCount.Count(DistinctCount.Open(p.GetValue(files) ?? []), n, p.GetValue(sketch)!, p.GetValue(precision), p.GetValue(threads));
            Console.WriteLine(p.GetValue(json) ? report.ToJson() : report.ToText(n is null ? "lines" : "fields"));
            return 0;
        }));
        return command;
    }
}
