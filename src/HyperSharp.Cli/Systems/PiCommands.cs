using System.CommandLine;
using System.Globalization;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Pi;

namespace HyperSharp.Cli.Systems;

/// <summary>The hidden <c>hyper __worker pi</c> of the processes rung.</summary>
internal sealed class PiCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Pi;

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
