using HyperSharp.IO;
using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Diffusion;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Diffusion;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper diffusion render|animate</c>.</summary>
internal sealed class DiffusionCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Diffusion;

    public Command? Tools()
    {
        var spec = new SpecOptions<DiffusionSpec>(Catalog.Diffusion.Spec, ["size", "steps"]);
        var output = new Option<string>("--output", "-o") { Description = "The PNG file to write.", DefaultValueFactory = _ => "heat.png" };
        var render = new Command("render", "Write the heat map of the grid after the steps as a PNG.") { output };
        AddAll(render, spec.Options);
        render.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            DiffusionImage.Write(spec.Bind(p), path);
            Output.Log($"wrote {path}");
            return 0;
        }));

        var animSpec = new SpecOptions<DiffusionSpec>(Catalog.Diffusion.Spec, ["size", "steps"], new Dictionary<string, SpecValue> { ["size"] = 256, ["steps"] = 2000 });
        var frames = new Option<int>("--frames") { Description = "Frames in the animation.", DefaultValueFactory = _ => 100 };
        var page = new Option<string>("--output", "-o") { Description = "The HTML page to write.", DefaultValueFactory = _ => "heat.html" };
        var animate = new Command("animate", "Write a self-contained HTML page that plays the heat spreading.")
        {
            frames, page,
        };
        AddAll(animate, animSpec.Options);
        animate.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(page)!;
            AtomicFile.CheckWritable(path);
            DiffusionAnimation.Write(animSpec.Bind(p), p.GetValue(frames), path);
            Output.Log($"wrote {path}");
            return 0;
        }));
        return new Command("diffusion", "Tools of the diffusion system.") { render, animate };
    }

    private static void AddAll(Command command, IEnumerable<Option> options)
    {
        foreach (Option option in options)
            command.Options.Add(option);
    }
}
