using System.CommandLine;
using System.CommandLine.Parsing;
using HyperSharp.Cli.Commands;
using HyperSharp.Cli.Systems;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Cli;

internal static class Program
{
    private sealed class RunCommandOf : ILadderVisitor<Command>
    {
        public Command Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder) => RunCommand.Create(ladder);
    }

    private sealed class AsmCommandOf : ILadderVisitor<Command>
    {
        public Command Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder) => AsmCommand.Create(ladder);
    }

    public static int Main(string[] args)
    {
        // Set by `hyper profile` so that this process waits for its sampler; the processes it starts must not wait.
        Environment.SetEnvironmentVariable(TracedChild.SuspendVariable, null);
        // `hyper __peer search …`: a .NET peer of the bench (Lucene.NET, FTS5), whose command line is the peers' own
        // (the spec's options echoed back, as the Python peers take them), not one of System.CommandLine's.
        if (args.Length > 0 && args[0] == Peer.DotNetCommand)
            return HyperSharp.Search.Peers.SearchPeer.Main(args[1..], Console.Out, Console.Error);
        ParseResult parsed = BuildRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // `hyper run nosuch`: name the systems there are, not "required command was not provided".
            if (parsed.CommandResult.Command.Name is "run" or "bench" or "asm" or "profile" or "memory" && parsed.UnmatchedTokens.Count > 0)
            {
                Output.Error($"unknown system '{parsed.UnmatchedTokens[0]}' (systems: {string.Join(", ", Catalog.Ladders.Select(l => l.Name))})");
                return Guard.BadInput;
            }
            // One line, not the help page: the user sees what is wrong and where to look.
            Output.Error($"{parsed.Errors[0].Message} (see `{string.Join(' ', CommandPath(parsed).Prepend("hyper"))} --help`)");
            return Guard.BadInput;
        }
        return parsed.Invoke();
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (SymbolResult? s = parsed.CommandResult; s is CommandResult c && c.Parent is not null; s = c.Parent)
            names.Push(c.Command.Name);
        return names;
    }

    internal static RootCommand BuildRoot()
    {
        var run = new Command("run", "Run one rung of a system, verified against its reference.");
        var bench = new Command("bench", "Bench every rung of a system (and the C/Python peers) in separate processes.");
        var asm = new Command("asm", "Show the machine code the JIT made for a CPU rung (with a summary per method), or the PTX of a GPU rung's kernels with a first-order H200 estimate.");
        Command profile = ProfileCommand.Create();
        ProfileCommand.AddSystems(profile, Catalog.Benches);
        var root = new RootCommand("HyperSharp: the systems of the high-performance Python books, rebuilt in C# as measured ladders.")
        {
            ListCommand.Create(), run, bench, asm, ReportCommand.Create(), MachineCommand.Create(), InfoCommand.Create(),
            TablesCommand.Create(), TableCommand.Create(), CompareCommand.Create(), profile, MemoryCommand.Create(Catalog.Benches), RooflineCommand.Create(), NetCommands.Serve(), NetCommands.Monitor(), Systems.ClusterRuns.Command(), Systems.VisitsCommands.Command(),
        };
        var worker = new Command(HyperSharp.Processes.WorkerProcesses.Command, "A child of a processes rung.") { Hidden = true };
        root.Subcommands.Add(worker);
        foreach (ISystemBench system in Catalog.Benches)
        {
            run.Subcommands.Add(system.Ladder.Accept(new RunCommandOf()));
            asm.Subcommands.Add(system.Ladder.Accept(new AsmCommandOf()));
            bench.Subcommands.Add(BenchCommand.Create(system));
        }
        foreach (ISystemCommands system in SystemCommands.All)
        {
            if (system.Worker() is { } share)
                worker.Subcommands.Add(share);
            if (system.Tools() is { } tools)
                root.Subcommands.Add(tools);
        }
        return root;
    }
}
