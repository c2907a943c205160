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
        var spec = new SpecOptions<PiSpec>(Catalog.Pi.Spec);
        var first = new Option<long>("--first-block") { Required = true };
        var end = new Option<long>("--end-block") { Required = true };
        var command = new Command("pi", "Count the hits of blocks [first, end) and print them.") { first, end };
        foreach (Option option in spec.Options)
            command.Options.Add(option);
        command.SetAction(p => Guard.Run(() =>
        {
            PiSpec pi = spec.Bind(p);
            long hits = PiProcesses.Work(pi.Samples, pi.Seed, p.GetValue(first), p.GetValue(end));
            Console.WriteLine(hits.ToString(CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }
}
