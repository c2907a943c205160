using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Particles;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper run particles</c>, <c>hyper bench particles</c> and <c>hyper particles animate</c>.</summary>
internal sealed class ParticlesCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Particles;

    public ISystemBench ReportBench { get; } = new ParticlesBench();
    public IReadOnlyList<long> ReportSizes { get; } = [1_000, 10_000, 100_000];

    private static Option<long> CountOption(long defaultValue) => new("--count")
    {
        Description = "Number of particles.",
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<double> TimeOption(double defaultValue = 0.1) => new("--time")
    {
        Description = $"Simulated time; steps = int(time / {ParticleSpec.Dt}).",
        DefaultValueFactory = _ => defaultValue,
    };

    private static Option<int> SeedOption() => new("--seed")
    {
        Description = "Seed of the initial positions and velocities.",
        DefaultValueFactory = _ => ParticleSpec.DefaultSeed,
    };

    public Command Run()
    {
        Option<long> count = CountOption(100_000);
        Option<double> time = TimeOption();
        Option<int> seed = SeedOption();
        return RunCommand.Create(Catalog.Particles, "Run one particle rung: warm up, time repeats, verify against the reference.",
            [count, time, seed],
            p => new ParticleSpec(CommonOptions.Count(p.GetValue(count), "count"), p.GetValue(time), p.GetValue(seed)));
    }

    public Command Bench()
    {
        var counts = new Option<string?>("--counts") { Description = "Comma-separated particle counts (default: 1000,100000)." };
        Option<double> time = TimeOption();
        Option<int> seed = SeedOption();
        return BenchCommand.Create("particles", "Bench every particle rung (and peers) at several counts; a table and JSON.",
            counts, [time, seed], p => new ParticlesBench(p.GetValue(time), p.GetValue(seed)));
    }

    public Command? Tools()
    {
        Option<long> count = CountOption(300);
        Option<double> time = TimeOption(2 * Math.PI); // one full turn at |w| = 1

        Option<int> seed = SeedOption();
        var frames = new Option<int>("--frames") { Description = "Frames in the animation.", DefaultValueFactory = _ => 200 };
        var output = new Option<string>("--output", "-o") { Description = "The HTML page to write.", DefaultValueFactory = _ => "particles.html" };
        var animate = new Command("animate", "Write a self-contained HTML page that plays the particles' motion.")
        {
            count, time, seed, frames, output,
        };
        animate.SetAction(p => Guard.Run(() =>
        {
            var spec = new ParticleSpec(CommonOptions.Count(p.GetValue(count), "count"), p.GetValue(time), p.GetValue(seed));
            Catalog.Particles.Validate(spec);
            string path = p.GetValue(output)!;
            ParticleAnimation.Write(spec, p.GetValue(frames), path);
            Output.Log($"wrote {path}");
            return 0;
        }));
        return new Command("particles", "Tools of the particle simulator.") { animate };
    }
}
