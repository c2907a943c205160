using System.CommandLine;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// Builds <c>hyper run NAME</c>: <c>--rung</c>, the system's spec options, <c>--threads</c> and <c>--json</c>, and
/// the action that measures the rung and verifies it (<see cref="RunExecution"/>).
/// </summary>
internal static class RunCommand
{
    /// <param name="parameters">The system's spec options.</param>
    /// <param name="bind">Makes the spec from the parsed options (validation follows in the ladder).</param>
    public static Command Create<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, string description, IEnumerable<Option> parameters,
        Func<ParseResult, TSpec> bind)
    {
        var rung = new Option<string>("--rung") { Description = "Rung to run (see `hyper list`).", Required = true };
        Option<int?> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json();
        var command = new Command(ladder.Name, description) { rung };
        foreach (Option option in parameters)
            command.Options.Add(option);
        command.Options.Add(threads);
        command.Options.Add(json);
        command.SetAction(p => Guard.Run(() =>
            RunExecution.Execute(ladder, p.GetValue(rung)!, bind(p), p.GetValue(threads), p.GetValue(json))));
        return command;
    }
}
