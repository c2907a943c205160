using System.CommandLine;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary>A system's part of the command line: its `run` and `bench` subcommands and its own tools.</summary>
internal interface ISystemCommands
{
    ILadder Ladder { get; }

    /// <summary><c>hyper run NAME …</c></summary>
    Command Run();

    /// <summary><c>hyper bench NAME …</c></summary>
    Command Bench();

    /// <summary><c>hyper NAME …</c>: the system's own tools (animations, images), if any.</summary>
    Command? Tools();

    /// <summary>
    /// <c>hyper __worker NAME …</c>: the share of a problem one child process of a processes rung computes (see
    /// <see cref="HyperSharp.Processes.WorkerProcesses"/>), if the system has such a rung. Hidden from help.
    /// </summary>
    Command? Worker() => null;

    /// <summary>The bench <c>hyper report</c> runs: default sizes chosen to finish in a few minutes on 2 cores.</summary>
    ISystemBench ReportBench { get; }
    IReadOnlyList<long> ReportSizes { get; }
}
