using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Julia;
using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper run julia</c>, <c>hyper bench julia</c> and <c>hyper julia render</c>.</summary>
internal sealed class JuliaCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Julia;

    public ISystemBench ReportBench { get; } = new JuliaBench();
    public IReadOnlyList<long> ReportSizes { get; } = [200, 1_000];

    private static Option<long> WidthOption(long defaultValue) => new("--width")
    {
        Description = "Points along each axis of the book's grid over [-1.8, 1.8] (some widths give one more).",
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<long> MaxIterOption() => new("--maxiter")
    {
        Description = "Most iterations of z = z² + c per point.",
        DefaultValueFactory = _ => JuliaSpec.BookBenchmark.MaxIter,
    };

    private static JuliaSpec Spec(ParseResult p, Option<long> width, Option<long> maxIter) =>
        new(CommonOptions.Count(p.GetValue(width), "width"), CommonOptions.Count(p.GetValue(maxIter), "maxiter"));

    public Command Run()
    {
        Option<long> width = WidthOption(JuliaSpec.BookBenchmark.Width);
        Option<long> maxIter = MaxIterOption();
        return RunCommand.Create(Catalog.Julia, "Run one Julia-set rung: warm up, time repeats, verify against the reference.",
            [width, maxIter], p => Spec(p, width, maxIter));
    }

    public Command Bench()
    {
        var widths = new Option<string?>("--widths") { Description = "Comma-separated widths (default: 200,1000)." };
        Option<long> maxIter = MaxIterOption();
        return BenchCommand.Create("julia", "Bench every Julia-set rung (and peers) at several widths; a table and JSON.",
            widths, [maxIter], p => new JuliaBench(CommonOptions.Count(p.GetValue(maxIter), "maxiter")));
    }

    public Command? Tools()
    {
        Option<long> width = WidthOption(2_000);
        Option<long> maxIter = MaxIterOption();
        var output = new Option<string>("--output", "-o") { Description = "The PNG to write.", DefaultValueFactory = _ => "julia.png" };
        var render = new Command("render", "Write the Julia set as a PNG, coloured by iteration count.")
        {
            width, maxIter, output,
        };
        render.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(output)!;
            JuliaPng.Write(Spec(p, width, maxIter), path);
            Output.Log($"wrote {path}");
            return 0;
        }));
        return new Command("julia", "Tools of the Julia set.") { render };
    }
}
