using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Diagnostics;

/// <summary><c>hyper profile</c> on real rungs and processes: what it names, the files it writes, bad input.</summary>
public sealed class ProfileTests
{
    private static JsonElement ProfileJson(params string[] args)
    {
        Hyper.Outcome o = Hyper.Run(["profile", "--json", .. args]); // before any `--`, after which all goes to the program
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(o.Stdout);
        return doc.RootElement.Clone();
    }

    private static string[] Methods(JsonElement profile) =>
        [.. profile.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("name").GetString()!)];

    [Fact]
    public void ParticlesReference_TopMethodIsEvolve_AndItsLoopBodyTheHottestLine()
    {
        JsonElement p = ProfileJson("particles", "--rung", "reference", "--count", "500", "--time", "0.05");
        Assert.Equal("particles", p.GetProperty("system").GetString());
        Assert.Equal("reference", p.GetProperty("rung").GetString());
        Assert.True(p.GetProperty("timed_region").GetBoolean(), "the child marks its timed runs");
        Assert.True(p.GetProperty("samples").GetInt32() > 20);
        Assert.Equal("HyperSharp.Particles.ParticleSimulator.Evolve", Methods(p)[0]);
        // The profiled child's own timing of its runs (what the overhead benchmark compares), and the profiler's cost after it.
        JsonElement run = p.GetProperty("run");
        Assert.True(run.GetProperty("verified").GetBoolean());
        Assert.True(run.GetProperty("median_seconds").GetDouble() > 0);
        Assert.True(run.GetProperty("repeats").GetInt32() >= 3);
        Assert.True(p.GetProperty("resolve_seconds").GetDouble() > 0);

        JsonElement line = p.GetProperty("lines")[0];
        string file = line.GetProperty("file").GetString()!;
        Assert.EndsWith("ParticlesReference.cs", file);
        // The loop body: from the foreach over the particles to the last update of a coordinate.
        string[] source = File.ReadAllLines(file);
        int first = Array.FindIndex(source, l => l.Contains("foreach (Particle p in Particles)", StringComparison.Ordinal)) + 1;
        int last = Array.FindIndex(source, l => l.Contains("p.Y += dy;", StringComparison.Ordinal)) + 1;
        Assert.InRange(line.GetProperty("line").GetInt32(), first, last);
    }

    [Fact]
    public void DeterministicPdbPaths_AreFoundInTheCheckout()
    {
        // A CI or package build records /_/… for the clone's root; the tests run from inside a checkout.
        string local = HyperSharp.Diagnostics.Profile.LocalSource("/_/src/HyperSharp.Diagnostics/Profile.cs");
        Assert.True(File.Exists(local), local);
        Assert.EndsWith(Path.Combine("src", "HyperSharp.Diagnostics", "Profile.cs"), local);
        Assert.Equal(local, HyperSharp.Diagnostics.Profile.LocalSource("/_1/src/HyperSharp.Diagnostics/Profile.cs"));
        Assert.Equal(local, HyperSharp.Diagnostics.Profile.LocalSource(local));
        Assert.Equal("/_/no/such/file.cs", HyperSharp.Diagnostics.Profile.LocalSource("/_/no/such/file.cs"));
        Assert.Equal("/elsewhere/file.cs", HyperSharp.Diagnostics.Profile.LocalSource("/elsewhere/file.cs"));
    }

    [Fact]
    public void JuliaReference_TopFramesAreItsOrbitLoopOrComplex()
    {
        JsonElement p = ProfileJson("julia", "--rung", "reference", "--width", "200", "--maxiter", "300", "--top", "3");
        string top = Methods(p)[0];
        // The tier-1 JIT inlines CalculateZSerial (the orbit loop) into Compute: a sample sees no inlined frame.
        Assert.True(top.StartsWith("System.Numerics.Complex", StringComparison.Ordinal)
            || top is "HyperSharp.Julia.JuliaReference.CalculateZSerial" or "HyperSharp.Julia.JuliaReference.Compute", top);
    }

    [Fact]
    public void Output_SpeedscopeWeightsSumToTheSamples_AndTheSvgIsWellFormedXml()
    {
        using var temp = new TempDirectory();
        string output = temp.File("pi.speedscope.json");
        JsonElement p = ProfileJson("pi", "--rung", "reference", "--samples", "3000000", "-o", output);
        string svg = temp.File("pi.svg");
        Assert.Equal([output, svg], p.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));

        using JsonDocument speedscope = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("https://www.speedscope.app/file-format-schema.json", speedscope.RootElement.GetProperty("$schema").GetString());
        JsonElement profile = speedscope.RootElement.GetProperty("profiles")[0];
        Assert.Equal("sampled", profile.GetProperty("type").GetString());
        int frames = speedscope.RootElement.GetProperty("shared").GetProperty("frames").GetArrayLength();
        JsonElement[] samples = [.. profile.GetProperty("samples").EnumerateArray()];
        Assert.All(samples, s => Assert.All(s.EnumerateArray(), f => Assert.InRange(f.GetInt32(), 0, frames - 1)));
        Assert.Equal(p.GetProperty("samples").GetInt32(), profile.GetProperty("weights").EnumerateArray().Sum(w => w.GetDouble()));
        Assert.Equal(samples.Length, profile.GetProperty("weights").GetArrayLength());

        XDocument doc = XDocument.Parse(File.ReadAllText(svg));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        Assert.Contains(doc.Descendants(ns + "title"), t => t.Value.Contains('%'));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void Pid_AttachesToARunningChild_AndLeavesItRunning()
    {
        using Process child = StartHyper("run", "particles", "--rung", "reference", "--count", "20000", "--time", "5");
        try
        {
            JsonElement p = ProfileJson("--pid", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1500ms");
            Assert.Equal(child.Id, p.GetProperty("pid").GetInt32());
            Assert.True(p.GetProperty("samples").GetInt32() > 0);
            Assert.False(child.HasExited, "detaching ends the session, not the process");
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
    }

    [Fact]
    public void Command_ProfilesAProgramToItsEnd()
    {
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        JsonElement r = ProfileJson("--", host, Path.Combine(AppContext.BaseDirectory, "hyper.dll"),
            "run", "particles", "--rung", "reference", "--count", "500", "--time", "0.05");
        Assert.Equal(host, r.GetProperty("command")[0].GetString());
        Assert.Contains("HyperSharp.Particles.ParticleSimulator.Evolve", Methods(r));
    }

    [Fact]
    public void BadInput_OneLineExitTwo()
    {
        using var temp = new TempDirectory();
        Hyper.AssertBadInput("profile", "particles", "--rung", "nope");
        Hyper.AssertBadInput("profile", "particles", "--rung", "reference", "--count", "0");
        Hyper.AssertBadInput("profile", "nosuch", "--rung", "reference");
        File.WriteAllText(temp.File("file"), "a file, not a folder");
        Hyper.AssertBadInput("profile", "particles", "--rung", "reference", "-o", Path.Combine(temp.File("file"), "x", "p.speedscope.json"));
        Hyper.AssertBadInput("profile", "--pid", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Hyper.AssertBadInput("profile", "--pid", "1", "--duration", "forever");
        Hyper.AssertBadInput("profile");
        Hyper.AssertBadInput("profile", "--", "/bin/true");
        using Process sleep = Process.Start("sleep", "30");
        try
        {
            Assert.Contains("not a .NET process", Hyper.AssertBadInput("profile", "--pid", sleep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1s"));
        }
        finally
        {
            sleep.Kill();
            sleep.WaitForExit();
        }
    }

    private static Process StartHyper(params string[] args)
    {
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hyper.dll"));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }
}
