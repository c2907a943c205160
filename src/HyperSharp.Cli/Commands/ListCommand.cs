using System.CommandLine;
using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary><c>hyper list</c>: every system, its rungs, and whether each runs here (and why not).</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List the systems, their rungs, and which run on this machine.");
        command.SetAction(_ => Guard.Run(() =>
        {
            foreach (ILadder ladder in Catalog.Ladders)
            {
                Output.Table($"{ladder.Name}: {ladder.Title} [{ladder.Unit}]",
                    ["rung", "kind", "threads", "runs here", "technique"],
                    ladder.Rungs.Select(r => new[]
                    {
                        r.Name, r.Kind.ToString().ToLowerInvariant(), r.IsParallel ? "all" : "1",
                        r.Availability.IsAvailable ? (r.Device is null ? "yes" : $"yes: {r.Device}") : $"no: {r.Availability.Reason}",
                        r.Technique,
                    }));
            }
            return 0;
        }));
        return command;
    }
}
