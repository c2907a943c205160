using HyperSharp.IO;
using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Particles;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper particles animate</c>.</summary>
internal sealed class ParticlesCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Particles;

    public Command? Tools()
    {
        // One full turn at |w| = 1, few enough particles to draw.
        var spec = new SpecOptions<ParticleSpec>(Catalog.Particles.Spec, defaults: new Dictionary<string, SpecValue> { ["count"] = 300, ["time"] = 2 * Math.PI });
        var frames = new Option<int>("--frames") { Description = "Frames in the animation.", DefaultValueFactory = _ => 200 };
        var output = new Option<string>("--output", "-o") { Description = "The HTML page to write.", DefaultValueFactory = _ => "particles.html" };
        var animate = new Command("animate", "Write a self-contained HTML page that plays the particles' motion.")
        {
            frames, output,
        };
        foreach (Option option in spec.Options)
            animate.Options.Add(option);
        animate.SetAction(p => Guard.Run(() =>
        {
            ParticleSpec particles = spec.Bind(p);
            Catalog.Particles.Validate(particles);
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            ParticleAnimation.Write(particles, p.GetValue(frames), path);
            Output.Log($"wrote {path}");
            return 0;
        }));
        return new Command("particles", "Tools of the particle simulator.") { animate };
    }
}
