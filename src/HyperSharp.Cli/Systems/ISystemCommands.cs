using System.CommandLine;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary>
/// What a system adds to the command line beyond <c>hyper run NAME</c> and <c>hyper bench NAME</c>, which every system
/// gets from its spec declaration: its own tools (animations, images) and the worker of a processes rung.
/// </summary>
internal interface ISystemCommands
{
    ILadder Ladder { get; }

    /// <summary><c>hyper NAME …</c>: the system's own tools, if any.</summary>
    Command? Tools() => null;

    /// <summary>
    /// <c>hyper __worker NAME …</c>: the share of a problem one child process of a processes rung computes (see
    /// <see cref="HyperSharp.Processes.WorkerProcesses"/>), if the system has such a rung. Hidden from help.
    /// </summary>
    Command? Worker() => null;
}
