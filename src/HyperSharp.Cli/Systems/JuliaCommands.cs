using HyperSharp.IO;
using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Julia;
using HyperSharp.Harness.Bench;
using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper julia render</c>.</summary>
internal sealed class JuliaCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Julia;

    public Command? Tools()
    {
        var spec = new SpecOptions<JuliaSpec>(Catalog.Julia.Spec, defaults: new Dictionary<string, SpecValue> { ["width"] = 2_000 });
        var output = new Option<string>("--output", "-o") { Description = "The PNG to write.", DefaultValueFactory = _ => "julia.png" };
        var render = new Command("render", "Write the Julia set as a PNG, coloured by iteration count.")
        {
            output,
        };
        foreach (Option option in spec.Options)
            render.Options.Add(option);
        render.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            JuliaPng.Write(spec.Bind(p), path);
            Output.Log($"wrote {path}");
            return 0;
        }));
        return new Command("julia", "Tools of the Julia set.") { render };
    }
}
