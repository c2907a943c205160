using System.Text.Json;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Diagnostics;

/// <summary><c>hyper memory</c> on real rungs: what the child allocated, the plot it writes, bad input.</summary>
public sealed class MemoryTests
{
    private static JsonElement MemoryJson(params string[] args)
    {
        Hyper.Outcome o = Hyper.Run(["memory", .. args, "--json"]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(o.Stdout);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void DiffusionReference_AllocatesAtLeastAGridPerStep()
    {
        const int size = 64, steps = 20;
        JsonElement m = MemoryJson("diffusion", "--rung", "reference", "--size", $"{size}", "--steps", $"{steps}");
        Assert.Equal("reference", m.GetProperty("rung").GetString());
        // A new double[size][size] every step: at least steps × the grid's bytes in each timed run.
        Assert.True(m.GetProperty("allocated_bytes").GetInt64() >= (long)steps * size * size * sizeof(double), m.GetProperty("allocated_bytes").ToString());
        Assert.True(m.GetProperty("readings").GetInt32() > 0);
        Assert.True(m.GetProperty("peak_working_set_bytes").GetInt64() > 1 << 20, "a .NET process's working set is megabytes");
        Assert.True(m.GetProperty("peak_gc_heap_bytes").GetInt64() >= size * size * sizeof(double));
        JsonElement timed = m.GetProperty("timed_region");
        Assert.Equal(m.GetProperty("repeats").GetInt32(), timed.GetProperty("runs").GetInt32());
        Assert.True(timed.GetProperty("start_seconds").GetDouble() < timed.GetProperty("stop_seconds").GetDouble());
        Assert.True(m.GetProperty("gc_counts").GetProperty("gen0").GetInt32() >= 0);
    }

    [Fact]
    public void DiffusionInPlace_AllocatesNothingInSteadyState()
    {
        // Its two buffers are kept between runs: after the warm-up a run allocates nothing, and the observer must not
        // allocate in the child either (the working set is read from outside, the heap from the GC's events).
        JsonElement m = MemoryJson("diffusion", "--rung", "inplace", "--size", "64", "--steps", "20");
        Assert.Equal(0, m.GetProperty("allocated_bytes").GetInt64());
        Assert.Equal(0, m.GetProperty("gc_counts").GetProperty("gen0").GetInt32());
    }

    [Fact]
    public void Plot_IsAWholePng_WrittenAtomically()
    {
        using var temp = new TempDirectory();
        string png = temp.File("memory.png");
        File.WriteAllText(png, "the old file");
        // Bad input after -o is checked: the old file stays as it was.
        Hyper.AssertBadInput("memory", "diffusion", "--rung", "reference", "--size", "0", "-o", png);
        Assert.Equal("the old file", File.ReadAllText(png));

        JsonElement m = MemoryJson("diffusion", "--rung", "reference", "--size", "32", "--steps", "5", "-o", png);
        Assert.Equal([png], m.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()));
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]); // the last chunk: the file is whole
        Assert.Equal(["memory.png"], Directory.GetFiles(Path.GetDirectoryName(png)!).Select(Path.GetFileName)); // no temporary left
    }

    [Theory]
    [InlineData("diffusion", "--rung", "nosuch")]
    [InlineData("nosuch", "--rung", "reference")]
    [InlineData("diffusion", "--rung", "reference", "--steps", "-1")]
    [InlineData("diffusion", "--rung", "reference", "-o", "memory.txt")]
    [InlineData("diffusion", "--rung", "reference", "-o", "/proc/memory.png")]
    public void BadInput_IsOneLine_Exit2(params string[] args) => Hyper.AssertBadInput(["memory", .. args]);
}
