namespace HyperSharp.Tests.Cli;

/// <summary>
/// Bad input as a new user types it: one line naming what is wrong and what is allowed, exit code 2, and nothing
/// written — for every command, since the checks live in the spec declaration and the output-file helper.
/// </summary>
public sealed class BadInputTests
{
    [Fact]
    public void ReportFrom_AFileThatIsNoReport_IsOneLine()
    {
        using var temp = new TempDirectory();
        string page = temp.File("page.html");
        string line = Hyper.AssertBadInput("report", "--from", "/etc/passwd", "-o", page);
        Assert.Contains("not a report JSON", line);
        Assert.False(File.Exists(page));
        File.WriteAllText(temp.File("truncated.json"), "{\"schema\":\"hypersharp/report@2\",\"benches\":[");
        Hyper.AssertBadInput("report", "--from", temp.File("truncated.json"), "-o", page);
        Hyper.AssertBadInput("report", "--from", temp.File("missing.json"), "-o", page);
        Assert.False(File.Exists(page));
    }

    [Fact]
    public void ReportSystems_AnUnknownOne_IsOneLine_BeforeAnyRun()
    {
        using var temp = new TempDirectory();
        string page = temp.File("page.html");
        Assert.Contains("unknown system 'nosuch'", Hyper.AssertBadInput("report", "--systems", "pi,nosuch", "--profile", "-o", page));
        Assert.False(File.Exists(page));
    }

    [Theory]
    [InlineData("julia", "render", "--width", "10", "-o", "/proc/x.png")]
    [InlineData("diffusion", "render", "--size", "10", "--steps", "1", "-o", "/proc/x.png")]
    [InlineData("particles", "animate", "--count", "3", "-o", "/proc/x.html")]
    [InlineData("report", "--from", "/etc/passwd", "-o", "/proc/x.html")]
    public void OutputInAFolderThatTakesNoFiles_IsOneLine(params string[] args) =>
        Assert.Contains("cannot write", Hyper.AssertBadInput(args));

    [Fact]
    public void BenchJson_UnwritablePath_FailsBeforeAnyRun()
    {
        // The bench would take seconds; the check comes first, so this returns at once with nothing run.
        string line = Hyper.AssertBadInput("bench", "julia", "--widths", "50", "--rungs", "reference", "--json", "/proc/nope.json");
        Assert.Contains("/proc/nope.json", line);
    }

    [Fact]
    public void UnknownSystem_NamesTheSystemsThereAre()
    {
        Assert.Contains("particles", Hyper.AssertBadInput("run", "nosuch"));
        Assert.Contains("unknown system 'nosuch'", Hyper.AssertBadInput("bench", "nosuch"));
    }

    [Theory]
    [InlineData("--steps", "99999999999", "steps takes a whole number from 1 to")]
    [InlineData("--size", "-3", "size takes a whole number from 1 to")]
    [InlineData("--dims", "3", "dims takes a whole number from 1 to 2")]
    public void Diffusion_OutOfRange_SaysTheRange(string option, string value, string expected) =>
        Assert.Contains(expected, Hyper.AssertBadInput("run", "diffusion", "--rung", "simd", option, value));

    [Theory]
    [InlineData("pi", "--samples", "1e20", "samples takes a whole number from 1 to 1099511627776")]
    [InlineData("primes", "--below", "18446744073709551615", "below takes a whole number from 2 to 1099511627776")]
    [InlineData("julia", "--width", "abc", "width takes a whole number from 1 to 40000")]
    [InlineData("particles", "--time", "NaN", "time takes a finite number")]
    public void Numbers_OutOfRange_SayTheRangeInTheUsersWords(string system, string option, string value, string expected)
    {
        string line = Hyper.AssertBadInput("run", system, "--rung", "reference", option, value);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("System.", line);
    }

    [Fact]
    public void PrimesThreads_ChunkTooSmallForN_IsOneLineNotAnOverflow() =>
        Assert.Contains("work items", Hyper.AssertBadInput("run", "primes", "--rung", "threads", "--below", "1099511627776", "--chunk", "1"));

    [Fact]
    public void PiPerTask_BeyondItsLimit_IsRejectedBeforeAnyRun() =>
        Assert.Contains("pertask", Hyper.AssertBadInput("run", "pi", "--rung", "pertask", "--samples", "2000000"));

    [Theory]
    [InlineData("--threads", "0")]
    [InlineData("--threads", "two")]
    [InlineData("--processes", "-1")]
    public void ResourceCounts_OutOfRange_AreOneLine(string option, string value) =>
        Assert.Contains(option, Hyper.AssertBadInput("run", "pi", "--rung", "threads", "--samples", "1000", option, value));
}
