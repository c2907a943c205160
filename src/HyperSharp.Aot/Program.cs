using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using HyperSharp.Aot;
using HyperSharp.Diffusion;
using HyperSharp.Julia;
using HyperSharp.Ladder;
using HyperSharp.Particles;
using HyperSharp.Pi;

// hyper-aot SYSTEM [--rung NAME] [--runs N] [--threads T] [--startup-only] [--OPTION VALUE ...]
// One line: how this process runs code (aot, jit, jit-tc0), the first run's time and the median of the next N.
try
{
    return Worker.Run(args);
}
catch (SpecException e)
{
    Console.Error.WriteLine($"hyper-aot: error: {e.Message}");
    return 2;
}

namespace HyperSharp.Aot
{
    internal static class Worker
    {
        /// <summary>Core's ladders with their CPU rungs and the native rung (the rest of hyper's rungs are not AOT-safe).</summary>
        private static readonly ILadder[] s_ladders =
        [
            new ParticlesLadder([new ParticlesNative()]),
            new JuliaLadder([new JuliaNative()]),
            new DiffusionLadder([new DiffusionNative()]),
            new PiLadder([new PiNative()]),
        ];

        public static int Run(string[] args)
        {
            if (args.Length == 0 || args[0].StartsWith('-'))
                throw new SpecException($"give a system first ({string.Join(", ", s_ladders.Select(l => l.Name))})");
            ILadder ladder = s_ladders.FirstOrDefault(l => l.Name == args[0])
                ?? throw new SpecException($"unknown system '{args[0]}' (systems: {string.Join(", ", s_ladders.Select(l => l.Name))})");
            var options = new Options();
            for (int i = 1; i < args.Length; i++)
            {
                string a = args[i];
                if (a == "--startup-only")
                {
                    options.StartupOnly = true;
                    continue;
                }
                if (!a.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                    throw new SpecException($"expected --OPTION VALUE, got '{a}'");
                string value = args[++i];
                switch (a)
                {
                    case "--rung": options.Rung = value; break;
                    case "--runs": options.Runs = Whole(a, value, 1); break;
                    case "--threads": options.Threads = Whole(a, value, 1); break;
                    default: options.Spec[a[2..]] = value; break;
                }
            }
            if (options.StartupOnly)
            {
                Console.WriteLine($"mode={Mode} startup-only");
                return 0;
            }
            Console.WriteLine(ladder.Accept(new Measure(options)));
            return 0;
        }

        /// <summary>
        /// How this process runs managed code: compiled ahead of time (the JIT has compiled nothing; PublishAot also
        /// turns IsDynamicCodeSupported off in a JIT build's runtimeconfig, so that cannot tell), or the JIT with or
        /// without tiers.
        /// </summary>
        private static string Mode => JitInfo.GetCompiledMethodCount() == 0 ? "aot"
            : Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "0" ? "jit-tc0"
            : Environment.GetEnvironmentVariable("DOTNET_TieredPGO") == "0" ? "jit-nopgo" : "jit";

        private static int Whole(string option, string value, int min) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min
                ? n : throw new SpecException($"{option} takes a whole number from {min} (got '{value}')");

        private sealed class Options
        {
            public string Rung { get; set; } = "simd";
            public int Runs { get; set; } = 10;
            public int Threads { get; set; } = 1;
            public bool StartupOnly { get; set; }
            public Dictionary<string, string> Spec { get; } = [];
        }

        private sealed class Measure(Options options) : ILadderVisitor<string>
        {
            public string Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
            {
                foreach (string name in options.Spec.Keys)
                {
                    if (!ladder.Spec.Options.Any(p => p.Name == name))
                        throw new SpecException($"unknown option --{name} for {ladder.Name} (options: {string.Join(", ", ladder.Spec.Options.Select(p => p.Option))})");
                }
                TSpec spec = ladder.Spec.Parse(options.Spec);
                ladder.Validate(spec);
                Rung<TProblem, TResult> rung = ladder.Find(options.Rung);
                if (!rung.Availability.IsAvailable)
                    throw new SpecException($"rung '{rung.Name}' does not run here: {rung.Availability.Reason}");
                TProblem problem = ladder.Build(spec);
                var context = new RunContext(options.Threads);

                TimeSpan jitBefore = JitInfo.GetCompilationTime();
                (double first, TResult answer) = Time(rung, problem, context);
                double firstJit = (JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
                var steady = new double[options.Runs];
                for (int i = 0; i < steady.Length; i++)
                    (steady[i], answer) = Time(rung, problem, context);
                Array.Sort(steady);
                double median = steady.Length % 2 == 1 ? steady[steady.Length / 2] : (steady[steady.Length / 2 - 1] + steady[steady.Length / 2]) / 2;
                string fingerprint = ladder.Fingerprint(answer)?.Hex ?? ladder.Checksum(answer).ToString("R", CultureInfo.InvariantCulture);
                return string.Create(CultureInfo.InvariantCulture,
                    $"mode={Mode} system={ladder.Name} rung={rung.Name} threads={options.Threads} first_s={first:G6} first_jit_s={firstJit:G6} median_s={median:G6} min_s={steady[0]:G6} runs={steady.Length} fingerprint={fingerprint}");
            }

            /// <summary>One run, staged untimed as the harness stages it; the timed part is the run alone.</summary>
            private static (double Seconds, TResult Answer) Time<TProblem, TResult>(Rung<TProblem, TResult> rung, TProblem problem, RunContext context)
            {
                RunStage<TResult> stage = rung.StageAsync(problem, context).AsTask().GetAwaiter().GetResult();
                long start = Stopwatch.GetTimestamp();
                TResult answer = stage.RunAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                stage.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return (seconds, answer);
            }
        }
    }
}
