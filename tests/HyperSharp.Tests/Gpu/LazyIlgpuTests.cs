using System.Diagnostics;
using HyperSharp.Gpu.Ptx;

namespace HyperSharp.Tests.Gpu;

/// <summary>ILGPU is loaded by what uses it — a GPU rung's run, the PTX compiler — not by every command that lists rungs.</summary>
public sealed class LazyIlgpuTests
{
    [Fact]
    public void PtxNames_AreTheArchitecturesTheyName()
    {
        Assert.Equal(PtxCompiler.DefaultName, PtxCompiler.Name(PtxCompiler.Default));
        Assert.Equal(PtxCompiler.RequiredNames, string.Join(" and ", PtxCompiler.Required.Select(PtxCompiler.Name)));
    }

    /// <summary>A CPU rung's run, caught mid-run: its process has mapped the core and the GPU project, not ILGPU (nor the diagnostics or ScottPlot).</summary>
    [Fact]
    public void RunningACpuRung_DoesNotLoadIlgpu()
    {
        if (!OperatingSystem.IsLinux())
            return; // reads /proc
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "hyper.dll"), "run", "pi", "--rung", "simd", "--samples", "1000000000000" })
            info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        using Process process = Process.Start(info)!;
        try
        {
            // The first progress line comes once the registry is built and the rung is warming up.
            string? line = process.StandardError.ReadLine();
            Assert.NotNull(line);
            string maps = File.ReadAllText($"/proc/{process.Id}/maps");
            Assert.Contains("HyperSharp.Gpu.dll", maps);
            Assert.DoesNotContain("ILGPU.dll", maps);
            // Nor the profiler's and the plots' assemblies: hyper profile, memory and the charts load them.
            Assert.DoesNotContain("HyperSharp.Diagnostics.dll", maps);
            Assert.DoesNotContain("Microsoft.Diagnostics.", maps);
            Assert.DoesNotContain("ScottPlot.dll", maps);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
