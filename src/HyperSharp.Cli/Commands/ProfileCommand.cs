using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HyperSharp.Diagnostics;
using HyperSharp.Harness;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper profile</c>: CPU sampling through EventPipe of a rung's timed runs (<c>hyper profile SYSTEM --rung NAME</c>,
/// in a child <c>hyper run</c>), of any running .NET process (<c>--pid</c>), or of a program to its end
/// (<c>-- dotnet app.dll</c>). Prints the hottest methods and lines; <c>-o</c> writes speedscope JSON and a flame graph.
/// The diagnostics assemblies load only when one of these actions runs.
/// </summary>
internal static class ProfileCommand
{
    private sealed record Shared(Option<int> Top, Option<string?> Output, Option<bool> Json);

    private static readonly Shared Options = new(
        new Option<int>("--top") { Description = "How many methods to list (default 15).", DefaultValueFactory = _ => 15, Recursive = true },
        new Option<string?>("--output", "-o") { Description = "Write a speedscope file (use the extension .speedscope.json) and a flame-graph SVG beside it.", Recursive = true },
        new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the tables.", Recursive = true });

    public static Command Create()
    {
        var pid = new Option<int?>("--pid") { Description = "Attach to this running .NET process." };
        var duration = new Option<string>("--duration") { Description = "How long to sample an attached process (default 10s; e.g. 500ms, 2s, 1m).", DefaultValueFactory = _ => "10s" };
        var program = new Argument<string[]>("command") { Description = "After --: a program to start and profile to its end (e.g. -- dotnet app.dll ARGS).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("profile", "Sample where the CPU time goes: a rung's timed runs, a running .NET process (--pid), or a program (-- dotnet app.dll).")
        {
            Options.Top, Options.Output, Options.Json, pid, duration, program,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            string[] argv = p.GetValue(program) ?? [];
            int? target = p.GetValue(pid);
            if (target is null == (argv.Length == 0))
                throw new SpecException("hyper profile takes a system (hyper profile SYSTEM --rung NAME), --pid PID, or -- PROGRAM ARGS: one of them");
            Settings s = Settings.Of(p);
            return target is { } id
                ? Execute(s, null, null, trace => AttachTo(id, Duration(p.GetValue(duration)!), trace), new Dictionary<string, object?> { ["pid"] = id })
                : Execute(s, null, null, trace => Launch(argv, trace, s.Json), new Dictionary<string, object?> { ["command"] = argv });
        }));
        return command;
    }

    private sealed class SystemOf : ILadderVisitor<Command>
    {
        public Command Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder) => ForSystem(ladder);
    }

    public static void AddSystems(Command profile, IEnumerable<HyperSharp.Harness.Bench.ISystemBench> systems)
    {
        foreach (var system in systems)
            profile.Subcommands.Add(system.Ladder.Accept(new SystemOf()));
    }

    private static Command ForSystem<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
    {
        var rung = new Option<string>("--rung") { Description = $"Rung to profile: {string.Join(", ", ladder.Rungs.Select(r => r.Name))}.", Required = true };
        var spec = new SpecOptions<TSpec>(ladder.Spec);
        Option[] forwarded = [rung, .. spec.Options, CommonOptions.Threads(), CommonOptions.Processes(), CommonOptions.Concurrency(), CommonOptions.NoCache()];
        var command = new Command(ladder.Name, $"Profile one rung of {ladder.Title}: its timed runs, in a child `hyper run`.");
        foreach (Option o in forwarded)
            command.Options.Add(o);
        command.SetAction(p => Guard.Run(() =>
        {
            // Every input is checked here, before a child starts.
            string name = ladder.Find(p.GetValue(rung)!).Name;
            ladder.Validate(spec.Bind(p));
            Settings s = Settings.Of(p);
            List<string> args = ["run", ladder.Name, .. ChildArgs.Forward(p, forwarded), "--json"];
            var subject = new Dictionary<string, object?> { ["system"] = ladder.Name, ["rung"] = name };
            return Execute(s, ladder.Name, name, trace => RunChild(args, trace, subject), subject);
        }));
        return command;
    }

    private sealed record Settings(int Top, string? Output, bool Json)
    {
        public string? Svg => Output is null ? null : SvgPath(Output);

        public static Settings Of(ParseResult p)
        {
            int top = p.GetValue(Options.Top);
            if (top < 1)
                throw new SpecException($"--top takes a whole number from 1 (got {top})");
            var s = new Settings(top, p.GetValue(Options.Output), p.GetValue(Options.Json));
            if (s.Output is not null)
            {
                AtomicFile.CheckWritable(s.Output);
                AtomicFile.CheckWritable(s.Svg!);
            }
            return s;
        }
    }

    /// <summary>profile.speedscope.json → profile.svg; anything else: its extension replaced by .svg.</summary>
    internal static string SvgPath(string output) =>
        output.EndsWith(".speedscope.json", StringComparison.OrdinalIgnoreCase)
            ? output[..^".speedscope.json".Length] + ".svg"
            : Path.ChangeExtension(output, ".svg");

    private static int Execute(Settings s, string? system, string? rung, Func<string, double> record, Dictionary<string, object?> subject)
    {
        string folder = Directory.CreateTempSubdirectory("hyper-profile-").FullName;
        try
        {
            string trace = Path.Combine(folder, "trace.nettrace");
            double recorded = record(trace);
            var resolving = Stopwatch.StartNew();
            Profile profile = Profile.Load(trace);
            // Reading the trace, naming every frame and mapping the hot methods' lines: the profiler's own cost after the run.
            double resolve = resolving.Elapsed.TotalSeconds;
            if (profile.Samples == 0)
                throw new ProfileException("no samples of running managed code were taken (the process ended before sampling started, or it ran no managed code)");
            string title = system is null ? (subject.TryGetValue("pid", out object? id) ? $"process {id}" : string.Join(' ', (string[])subject["command"]!)) : $"{system}/{rung}";
            var outputs = new List<string>();
            if (s.Output is { } output)
            {
                AtomicFile.WriteAllText(output, ProfileWriters.Speedscope(profile, title));
                AtomicFile.WriteAllText(s.Svg!, ProfileWriters.FlameGraph(profile, title));
                outputs.AddRange([output, s.Svg!]);
            }
            if (s.Json)
                PrintJson(profile, subject, s.Top, outputs, resolve);
            else
                Print(profile, title, s.Top, outputs, recorded, resolve);
            return 0;
        }
        catch (ProfileException ex)
        {
            throw new SpecException(ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Records the child; puts its own timing of the profiled runs in <paramref name="subject"/> (what the overhead script compares).</summary>
    private static double RunChild(IReadOnlyList<string> args, string trace, Dictionary<string, object?> subject)
    {
        (double seconds, string stdout) = TracedChild.Run(args, (pid, exited) => Sampler.Record(pid, trace, exited, resume: true));
        if (TracedChild.ResultOf(stdout) is { } r)
        {
            subject["run"] = new { median_seconds = r.Seconds, median_interval = r.MedianInterval, repeats = r.Repeats, verified = r.Verified };
        }
        return seconds;
    }

    private static double AttachTo(int pid, TimeSpan duration, string trace) =>
        Sampler.Record(pid, trace, Task.Delay(duration), wait: TimeSpan.FromSeconds(3)); // a process that has just started may not have opened its port yet

    private static double Launch(string[] argv, string trace, bool json)
    {
        // With --json, stdout is the profile's one object: the program's own output goes to stderr.
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = json };
        foreach (string a in argv.Skip(1))
            info.ArgumentList.Add(a);
        Process child;
        try
        {
            child = Process.Start(info) ?? throw new ProfileException($"cannot start {argv[0]}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProfileException($"cannot start {argv[0]}: {ex.Message}");
        }
        using (child)
        {
            if (json)
            {
                child.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
                child.BeginOutputReadLine();
            }
            try
            {
                // Not started suspended: a program that starts .NET children would leave them waiting for a resume.
                return Sampler.Record(child.Id, trace, child.WaitForExitAsync());
            }
            catch (ProfileException) when (child.HasExited)
            {
                throw new ProfileException($"{argv[0]} exited (exit code {child.ExitCode}) before sampling started: too short a run, or not a .NET program");
            }
            catch (ProfileException)
            {
                child.Kill(entireProcessTree: true);
                throw;
            }
        }
    }

    /// <summary>"10s", "500ms", "2m", "1.5" (seconds).</summary>
    internal static TimeSpan Duration(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        (string number, double scale) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1)
            : t.EndsWith('m') ? (t[..^1], 60)
            : (t, 1);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v * scale is > 0 and <= 86400
            ? TimeSpan.FromSeconds(v * scale)
            : throw new SpecException($"--duration takes a time such as 10s, 500ms or 2m, up to a day (got '{text}')");
    }

    private static void Print(Profile profile, string title, int top, IReadOnlyList<string> outputs, double recorded, double resolve)
    {
        Output.Log($"recorded {Units.Seconds(recorded)}; trace read, symbols and lines resolved in {Units.Seconds(resolve)}");
        string region = profile.TimedRegion ? "the timed runs" : "the whole run";
        Output.Table($"{title}: {profile.Samples:N0} samples of threads running managed code, every {Sampler.IntervalMs:0.#} ms over {region} ({Units.Seconds(profile.DurationSeconds)})",
            ["excl %", "incl %", "samples", "method"],
            profile.Methods.Take(top).Select(m => new[] { Pct(m.ExclusivePct), Pct(m.InclusivePct), m.Exclusive.ToString("N0", CultureInfo.InvariantCulture), m.Name }));
        if (profile.Lines.Count > 0)
        {
            Console.WriteLine();
            Output.Table("hottest lines of the top methods (exclusive % of all samples)", ["%", "line", "source"],
                profile.Lines.Take(top).Select(l => new[] { Pct(l.Pct), $"{Path.GetFileName(l.File)}:{l.Line}", l.Text ?? "" }));
        }
        foreach (string o in outputs)
            Console.WriteLine($"wrote {o}");
    }

    private static void PrintJson(Profile profile, Dictionary<string, object?> subject, int top, IReadOnlyList<string> outputs, double resolve)
    {
        var json = new Dictionary<string, object?>(subject)
        {
            ["samples"] = profile.Samples,
            ["interval_ms"] = Sampler.IntervalMs,
            ["duration_seconds"] = profile.DurationSeconds,
            ["timed_region"] = profile.TimedRegion,
            ["methods"] = profile.Methods.Take(top).Select(m => new { name = m.Name, module = m.Module, exclusive_pct = m.ExclusivePct, inclusive_pct = m.InclusivePct, samples = m.Exclusive, inclusive_samples = m.Inclusive }),
            ["lines"] = profile.Lines.Take(top).Select(l => new { method = l.Method, file = l.File, line = l.Line, pct = l.Pct, samples = l.Samples, text = l.Text }),
            ["outputs"] = outputs,
            ["resolve_seconds"] = resolve,
        };
        Console.WriteLine(JsonSerializer.Serialize(json, RunResult.JsonOptions));
    }

    private static string Pct(double pct) => pct.ToString("F1", CultureInfo.InvariantCulture);
}
