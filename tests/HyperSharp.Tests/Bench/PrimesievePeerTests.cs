using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Bench;

/// <summary>A test that needs Debian's primesieve (package primesieve-bin) on PATH; skipped, saying so, without it.</summary>
public sealed class PrimesieveFactAttribute : FactAttribute
{
    public PrimesieveFactAttribute()
    {
        if (PeerLocator.OnPath("primesieve") is null)
            Skip = "primesieve is not installed here (apt-get install primesieve-bin): its peer cannot run";
    }
}

/// <summary>primesieve as a peer of the primes ladder: a clear skipped row without it, a checked row with it.</summary>
public sealed class PrimesievePeerTests
{
    [Fact]
    public void Locate_AbsentProgram_SaysItIsNotInstalled()
    {
        (string[]? prefix, string? missing) = Peer.Locate(PeerProgram.Installed("hypersharp-no-such-program", "count"), "/tmp");
        Assert.Null(prefix);
        Assert.Contains("not installed", missing);
    }

    [Fact]
    public void PrimesLadder_DeclaresPrimesieve_ParallelAndExact()
    {
        PeerProgram peer = Assert.Single(Catalog.Primes.Peers, p => p.Name == "primesieve");
        Assert.True(peer.Parallel && peer.Exact);
        Assert.Equal("installed", peer.Implementation);
    }

    [PrimesieveFact]
    public void Bench_RunsPrimesieve_AndChecksItsCount()
    {
        using var temp = new TempDirectory();
        string peers = Directory.CreateDirectory(Path.Combine(temp.Path, "peers")).FullName;
        string source = Path.Combine(PeerLocator.Find(null) ?? throw new InvalidOperationException("no peers/ folder"), "primesieve");
        Directory.CreateSymbolicLink(Path.Combine(peers, "primesieve"), source);
        string json = temp.File("bench.json");

        Hyper.Outcome o = Hyper.Run("bench", "primes", "--peers", "--peers-dir", peers, "--rungs", "wheel", "--belows", "1000000,3000000",
            "--threads", "1,2", "--json", json);

        Assert.True(o.ExitCode == 0, o.Stderr);
        List<RunResult> rows = BenchFile.FromJson(File.ReadAllText(json)).Results.Where(r => r.Rung == "primesieve").ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(r.Error is null && r.Verified == true && r.Verification!.Method == "fingerprint", $"{r.Rung} ×{r.Threads}: {r.Error}"));
        Assert.Equal([78_498, 78_498, 216_816, 216_816], rows.Select(r => r.Checksum));
    }
}
