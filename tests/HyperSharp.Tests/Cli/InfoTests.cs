using System.Text.RegularExpressions;

namespace HyperSharp.Tests.Cli;

/// <summary><c>hyper info</c>: everything a bug report needs, from the real program, without starting ILGPU.</summary>
public sealed class InfoTests
{
    [Fact]
    public void Info_PrintsEveryLineABugReportNeeds()
    {
        Hyper.Outcome o = Hyper.Run("info");
        Assert.True(o.ExitCode == 0, o.Stderr);
        string[] lines = o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^hyper\s+\d"));
        foreach (string key in new[] { "os", "cpu", "simd", ".net", "gc", "gpu", "gcc", "python3", "pypy3" })
            Assert.Contains(lines, l => l.StartsWith(key + " ", StringComparison.Ordinal));
        Assert.Contains(".NET 10", o.Stdout);
        Assert.Contains(Environment.ProcessorCount + " logical cores", o.Stdout);
    }

    [Fact]
    public void Info_VersionNamesTheCommit()
    {
        // The row "hyper  0.1.0+<commit>" (the table's title is "hyper info").
        string line = Hyper.Run("info").Stdout.Split('\n').First(l => Regex.IsMatch(l, @"^hyper\s+\d"));
        // 0.1.0+<40 hex digits of the commit>, as `hyper --version` prints it.
        Assert.Matches(@"^hyper\s+\d+\.\d+\.\d+\S*\+[0-9a-f]{40}\b", line);
        Assert.Contains(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Hyper.Run("--version").Stdout);
    }

    [Fact]
    public void Info_GpuLineComesFromTheProbe_NotFromILGPU()
    {
        // With HYPERSHARP_GPU=cpu the line names the CPU accelerator it *would* use; describing it never creates it.
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { ["HYPERSHARP_GPU"] = "cpu" }, "info");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("ILGPU CPU accelerator (HYPERSHARP_GPU=cpu)", o.Stdout);
    }
}
