using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Cli.Systems;

namespace HyperSharp.Cli;

internal static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    internal static RootCommand BuildRoot()
    {
        var run = new Command("run", "Run one rung of a system, verified against its reference.");
        var bench = new Command("bench", "Bench every rung of a system (and the C/Python peers) in separate processes.");
        var root = new RootCommand("HyperSharp: the systems of the high-performance Python books, rebuilt in C# as measured ladders.")
        {
            ListCommand.Create(), run, bench, ReportCommand.Create(),
        };
        foreach (ISystemCommands system in SystemCommands.All)
        {
            run.Subcommands.Add(system.Run());
            bench.Subcommands.Add(system.Bench());
            if (system.Tools() is { } tools)
                root.Subcommands.Add(tools);
        }
        return root;
    }
}
