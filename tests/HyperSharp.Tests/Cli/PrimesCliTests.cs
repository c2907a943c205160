namespace HyperSharp.Tests.Cli;

/// <summary><c>hyper primes count|check</c> as a user types them.</summary>
public sealed class PrimesCliTests
{
    [Fact]
    public void Count_PrintsTheBookCount()
    {
        Hyper.Outcome o = Hyper.Run("primes", "count", "--below", "10000000");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("664579 primes below 10000000", o.Stdout.Trim());
    }

    [Fact]
    public void Check_PrintsAVerdictPerNumber()
    {
        Hyper.Outcome o = Hyper.Run("primes", "check", "112272535095293", "112272535095295", "0", "1", "2");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal(
            ["112272535095293 prime", "112272535095295 composite (factor 5)", "0 neither prime nor composite",
             "1 neither prime nor composite", "2 prime"],
            o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("-7")]
    [InlineData("seven")]
    [InlineData("18446744073709551616")]
    public void Check_BadNumber_OneLineErrorExit2(string number)
    {
        Hyper.Outcome o = Hyper.Run("primes", "check", "5", number);
        Assert.Equal(2, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.StartsWith("hyper: error:", Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Count_BadBelow_OneLineErrorExit2()
    {
        Hyper.Outcome o = Hyper.Run("primes", "count", "--below", "1");
        Assert.Equal(2, o.ExitCode);
        Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
