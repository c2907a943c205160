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

/// <summary><c>hyper primes list|nth</c> as a user types them.</summary>
public sealed class PrimesListCliTests
{
    [Fact]
    public void List_PrintsOnePrimeALine_BothEndsInclusive()
    {
        Hyper.Outcome o = Hyper.Run("primes", "list", "--from", "89", "--to", "113");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("89\n97\n101\n103\n107\n109\n113\n", o.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void List_ToAFile_WritesItWhole()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "primes.txt");
        Hyper.Outcome o = Hyper.Run("primes", "list", "--to", "30", "-o", path);
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal("2\n3\n5\n7\n11\n13\n17\n19\n23\n29\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("--from", "10", "--to", "9")]
    [InlineData("--to", "-1")]
    [InlineData("--to", "1125899906842624")]
    [InlineData("--to", "ten")]
    public void List_BadRange_OneLineErrorExit2(params string[] args)
    {
        Hyper.Outcome o = Hyper.Run(["primes", "list", .. args]);
        Assert.Equal(2, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.StartsWith("hyper: error:", Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Nth_PrintsTheMillionthPrime()
    {
        Hyper.Outcome o = Hyper.Run("primes", "nth", "1000000");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("15485863", o.Stdout.Trim());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    [InlineData("40000000001")]
    public void Nth_Bad_OneLineErrorExit2(string n)
    {
        Hyper.Outcome o = Hyper.Run("primes", "nth", n);
        Assert.Equal(2, o.ExitCode);
        Assert.StartsWith("hyper: error:", Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
