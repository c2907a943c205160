using System.CommandLine;
using System.Globalization;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Pi;
using HyperSharp.Ladder;
using HyperSharp.Pi;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper run pi</c>, <c>hyper bench pi</c> and the hidden <c>hyper __worker pi</c> of the processes rung.</summary>
internal sealed class PiCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Pi;

    public ISystemBench ReportBench { get; } = new PiBench();
    public IReadOnlyList<long> ReportSizes { get; } = [1_000_000, 100_000_000];

    private static Option<long> SamplesOption() => new("--samples")
    {
        Description = "Number of random points.",
        DefaultValueFactory = _ => 10_000_000,
    };

    private static Option<long> SeedOption() => new("--seed")
    {
        Description = "Seed of the random streams (0 to 2^31 − 1).",
        DefaultValueFactory = _ => PiSpec.DefaultSeed,
    };

    public Command Run()
    {
        Option<long> samples = SamplesOption(), seed = SeedOption();
        return RunCommand.Create(Catalog.Pi, "Run one Monte Carlo π rung: warm up, time repeats, verify.",
            [samples, seed], p => new PiSpec(p.GetValue(samples), p.GetValue(seed)));
    }

    public Command Bench()
    {
        var samples = new Option<string?>("--samples") { Description = "Comma-separated sample counts (default: 1000000,100000000)." };
        Option<long> seed = SeedOption();
        return BenchCommand.Create("pi", "Bench every Monte Carlo π rung (and peers) at several sample counts; a table and JSON.",
            samples, [seed], p => new PiBench(p.GetValue(seed)));
    }

    public Command? Tools() => null;

    public Command Worker()
    {
        var samples = new Option<long>("--samples") { Required = true };
        var seed = new Option<long>("--seed") { Required = true };
        var first = new Option<long>("--first-block") { Required = true };
        var end = new Option<long>("--end-block") { Required = true };
        var command = new Command("pi", "Count the hits of blocks [first, end) and print them.") { samples, seed, first, end };
        command.SetAction(p => Guard.Run(() =>
        {
            long hits = PiProcesses.Work(p.GetValue(samples), p.GetValue(seed), p.GetValue(first), p.GetValue(end));
            Console.WriteLine(hits.ToString(CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }
}
