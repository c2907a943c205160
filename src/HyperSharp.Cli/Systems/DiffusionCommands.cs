using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Diffusion;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Diffusion;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper run diffusion</c>, <c>hyper bench diffusion</c>, <c>hyper diffusion render|animate</c>.</summary>
internal sealed class DiffusionCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Diffusion;

    public ISystemBench ReportBench { get; } = new DiffusionBench(steps: 100);
    public IReadOnlyList<long> ReportSizes { get; } = [256, 640, 2048];

    private static Option<long> SizeOption(long defaultValue) => new("--size")
    {
        Description = "Cells a side (2D: size × size; 1D: a line of size cells).",
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<long> StepsOption(long defaultValue) => new("--steps")
    {
        Description = $"Steps of dt = {DiffusionSpec.Dt}.",
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<int> DimsOption() => new("--dims")
    {
        Description = "2 for the grid, 1 for the line.",
        DefaultValueFactory = _ => 2,
    };

    private static DiffusionSpec Spec(ParseResult p, Option<long> size, Option<long> steps, Option<int>? dims) =>
        new(CommonOptions.Count(p.GetValue(size), "size"), CommonOptions.Count(p.GetValue(steps), "steps"),
            dims is null ? 2 : p.GetValue(dims));

    public Command Run()
    {
        var rung = new Option<string>("--rung") { Description = "Rung to run (see `hyper list`).", Required = true };
        Option<long> size = SizeOption(640), steps = StepsOption(500);
        Option<int> dims = DimsOption();
        Option<int?> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json();
        var command = new Command("diffusion", "Run one diffusion rung: warm up, time repeats, verify against the reference.")
        {
            rung, size, steps, dims, threads, json,
        };
        command.SetAction(p => Guard.Run(() => RunExecution.Execute(
            Catalog.Diffusion, p.GetValue(rung)!, Spec(p, size, steps, dims), p.GetValue(threads), p.GetValue(json))));
        return command;
    }

    public Command Bench()
    {
        var sizes = new Option<string?>("--sizes") { Description = "Comma-separated grid sizes (default: 640,2048)." };
        Option<long> steps = StepsOption(500);
        Option<int> dims = DimsOption();
        return BenchCommand.Create("diffusion", "Bench every diffusion rung (and peers) at several sizes; a table, GB/s against STREAM, and JSON.",
            sizes, [steps, dims], p => new DiffusionBench(CommonOptions.Count(p.GetValue(steps), "steps"), p.GetValue(dims)));
    }

    public Command? Tools()
    {
        Option<long> size = SizeOption(640), steps = StepsOption(500);
        var output = new Option<string>("--output", "-o") { Description = "The PNG file to write.", DefaultValueFactory = _ => "heat.png" };
        var render = new Command("render", "Write the heat map of the grid after the steps as a PNG.") { size, steps, output };
        render.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(output)!;
            DiffusionImage.Write(Spec(p, size, steps, null), path);
            Output.Log($"wrote {path}");
            return 0;
        }));

        Option<long> animSize = SizeOption(256), animSteps = StepsOption(2000);
        var frames = new Option<int>("--frames") { Description = "Frames in the animation.", DefaultValueFactory = _ => 100 };
        var page = new Option<string>("--output", "-o") { Description = "The HTML page to write.", DefaultValueFactory = _ => "heat.html" };
        var animate = new Command("animate", "Write a self-contained HTML page that plays the heat spreading.")
        {
            animSize, animSteps, frames, page,
        };
        animate.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(page)!;
            DiffusionAnimation.Write(Spec(p, animSize, animSteps, null), p.GetValue(frames), path);
            Output.Log($"wrote {path}");
            return 0;
        }));
        return new Command("diffusion", "Tools of the diffusion system.") { render, animate };
    }
}
