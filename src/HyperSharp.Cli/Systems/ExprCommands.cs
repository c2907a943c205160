using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Expressions;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary>
/// <c>hyper expr EXPR --n N [--dtype float32|float64] [--seed S]</c>: the expression on random arrays, one rung
/// (threads by default) measured and verified as <c>hyper run expr --expression EXPR</c> does.
/// </summary>
internal sealed class ExprCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Expr;

    public Command? Tools()
    {
        ExprLadder ladder = Catalog.Expr;
        var expression = new Argument<string>("EXPR") { Description = $"The expression, every name an array: \"{ExprSpec.DefaultExpression}\"." };
        var rung = new Option<string>("--rung") { Description = $"Rung to run: {string.Join(", ", ladder.Rungs.Select(r => r.Name))}.", DefaultValueFactory = _ => "threads" };
        var spec = new SpecOptions<ExprSpec>(ladder.Spec, only: ["n", "dtype", "seed"]);
        Option<string?> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json(), noCache = CommonOptions.NoCache();
        var command = new Command("expr", "Evaluate an expression over random arrays (uniform in [-1, 1)) with one rung of the expr ladder, measured and verified against the interpreter.")
        {
            expression, rung,
        };
        foreach (Option option in spec.Options.Concat([threads, json, noCache]))
            command.Options.Add(option);
        command.SetAction(p => Guard.Run(() =>
        {
            ExprSpec bound = spec.Bind(p) with { Expression = p.GetValue(expression)! };
            ladder.Validate(bound);
            RunContext context = CommonOptions.Context(p.GetValue(threads), null, null);
            return RunExecution.Execute(ladder, p.GetValue(rung)!, bound, context, p.GetValue(json), CommonOptions.Measure(p.GetValue(noCache)));
        }));
        return command;
    }
}
