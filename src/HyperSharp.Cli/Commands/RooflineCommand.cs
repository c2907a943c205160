using System.CommandLine;
using HyperSharp.Harness;
using HyperSharp.Harness.Report;
using HyperSharp.IO;

namespace HyperSharp.Cli.Commands;

/// <summary><c>hyper roofline FILE.json… -o roofline.png</c>: the roofline chart of bench or report JSON files.</summary>
internal static class RooflineCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Report JSON files (hyper report) or bench JSON files (hyper bench --json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The PNG to write.", DefaultValueFactory = _ => "roofline.png" };
        var command = new Command("roofline", "Chart every verified CPU row of the systems that count their work (norm, expr, matmul, diffusion, particles, julia) " +
            "against the memory-bandwidth and FMA-peak roofs measured in the same run.") { files, output };
        command.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            List<BenchFile> benches = Roofline.Load(p.GetValue(files)!);
            byte[] png = Roofline.Chart(benches);
            AtomicFile.WriteAllBytes(path, png);
            foreach (var group in Roofline.Points(benches).GroupBy(x => (x.System, x.Intensity)))
                Console.WriteLine($"{group.Key.System}: {group.Count()} rows at {(double.IsInfinity(group.First().Intensity) ? "no bytes counted" : $"{group.First().Intensity:0.###} flop/byte")}, " +
                    $"best {Units.Si(group.Max(x => x.FlopsPerSecond))}FLOP/s");
            (MachineLimit? all, _) = Roofline.Limits(benches);
            Console.WriteLine($"roofs ({all!.Threads} threads): {Units.Si(all.StreamBytesPerSecond)}B/s memory, {Units.Si(all.FmaFlopsPerSecond)}FLOP/s FMA; wrote {path}");
            return 0;
        }));
        return command;
    }
}
