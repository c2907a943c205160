using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Bench;

/// <summary>Nothing unverified is ranked; a peer's work comes from the spec it was given; a wrong peer fails the bench.</summary>
public sealed class PeerTrustTests
{
    private static RunResult Row(string rung, string kind, bool? verified, double throughput) => new()
    {
        System = "particles", Rung = rung, Kind = kind, Implementation = kind == "peer" ? "c" : "hypersharp",
        Spec = new() { ["count"] = 1000 }, Threads = 1, Seconds = 1, MinSeconds = 1, MaxSeconds = 1, Throughput = throughput,
        Verified = verified,
    };

    private static BenchFile Bench(params RunResult[] results) => new()
    {
        Created = DateTimeOffset.UtcNow, Machine = MachineInfo.Current(probeGpu: false), System = "particles", Title = "t",
        Unit = "particle-steps/s", SizeName = "count", Results = [.. results],
    };

    [Fact]
    public void UnverifiedRows_HaveNoRatioAndSayWhy()
    {
        BenchFile bench = Bench(Row("reference", "reference", true, 10), Row("c-rsqrt", "peer", null, 100), Row("numpy", "peer", false, 50),
            Row("simd", "simd", true, 40));
        string[][] rows = BenchTable.Rows(bench).ToArray();
        int ratio = Array.IndexOf(BenchTable.Headers(bench), "vs reference");
        Assert.Equal("4.00×", rows[3][ratio]);
        Assert.Equal("—", rows[1][ratio]);
        Assert.Equal("—", rows[2][ratio]);
        Assert.Contains("not ranked", rows[1][^1]);
        Assert.Contains("not ranked", rows[2][^1]);
        Assert.Equal(["reference", "simd"], bench.Results.Where(BenchTable.Ranked).Select(r => r.Rung));
        Assert.Equal(["numpy"], bench.Results.Where(BenchTable.Failed).Select(r => r.Rung));
    }

    [Fact]
    public void Account_TakesWorkFromTheSpecGiven_AndRejectsAnotherSpec()
    {
        var item = new BenchItem("c-rsqrt", IsPeer: true, new Dictionary<string, SpecValue> { ["count"] = 1000, ["steps"] = 10 }, 1, [])
        { Work = 10_000 };
        RunResult peer = Row("c-rsqrt", "peer", null, 1e12) with
        {
            Spec = new() { ["count"] = 1000, ["steps"] = 10 }, Seconds = 0.5, Work = 1, Unit = "bogus/s",
        };

        RunResult accounted = Peer.Account(peer, item, "particle-steps/s");
        Assert.Null(accounted.Error);
        Assert.Equal(10_000, accounted.Work);
        Assert.Equal(20_000, accounted.Throughput);
        Assert.Equal("particle-steps/s", accounted.Unit);

        RunResult other = Peer.Account(peer with { Spec = new() { ["count"] = 1000, ["steps"] = 9 } }, item, "particle-steps/s");
        Assert.False(other.Verified);
        Assert.Contains("steps 9 (given 10)", other.Error);
    }

    [Fact]
    public void Plan_WithoutAnExactRung_RunsTheFastestExactCpuRungForThePeers()
    {
        ISystemBench bench = Catalog.BenchOf(Catalog.Particles);
        BenchSettings settings = BenchSettings.Defaults(peers: true) with
        {
            Rungs = ["fastmath"], Threads = [1, 2], Values = new Dictionary<string, IReadOnlyList<SpecValue>> { ["count"] = [1000] },
        };
        using var temp = new TempDirectory();
        List<BenchItem> items = bench.Plan(settings, temp.Path).ToList();
        BenchItem check = Assert.Single(items, i => i.IsCheck);
        Assert.Equal("threads", check.Label);
        Assert.Equal(2, check.Threads);

        // With an exact rung chosen, nothing extra runs.
        Assert.DoesNotContain(bench.Plan(settings with { Rungs = ["simd"] }, temp.Path), i => i.IsCheck);
    }

    [Fact]
    public void Bench_APeerThatIsWrongOrRanAnotherSpec_FailsWithOneLinePerRow()
    {
        if (OperatingSystem.IsWindows())
            return; // the fake peer is a shell script
        using var temp = new TempDirectory();
        string build = Directory.CreateDirectory(Path.Combine(temp.Path, "c", "build")).FullName;
        string exe = Path.Combine(build, "particles");
        // c-sqrtdiv echoes one particle more than it was given; c-rsqrt echoes the spec but its answer is wrong.
        File.WriteAllText(exe, """
            #!/bin/sh
            while [ $# -gt 0 ]; do
              case "$1" in --variant) v=$2;; --count) c=$2;; --time) t=$2;; --steps) s=$2;; --dt) d=$2;; --seed) e=$2;; esac
              shift 2
            done
            [ "$v" = sqrtdiv ] && c=$((c + 1))
            echo "{\"schema\":\"hypersharp/result@2\",\"system\":\"particles\",\"rung\":\"c-$v\",\"kind\":\"peer\",\"implementation\":\"c\",\"spec\":{\"count\":$c,\"time\":$t,\"steps\":$s,\"dt\":$d,\"seed\":$e},\"threads\":1,\"repeats\":3,\"seconds\":0.001,\"min_seconds\":0.001,\"max_seconds\":0.001,\"work\":1,\"throughput\":1,\"unit\":\"x\",\"checksum\":12345,\"fingerprint\":\"00\"}"
            """.Replace("\r", ""));
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Hyper.Outcome o = Hyper.Run("bench", "particles", "--peers", "--peers-dir", temp.Path, "--counts", "100", "--time", "0.001",
            "--threads", "1", "--rungs", "simd");
        Assert.Equal(1, o.ExitCode);
        string[] failed = o.Stderr.Split('\n').Where(l => l.StartsWith("verification failed:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, failed.Length);
        Assert.Contains(failed, l => l.Contains("c-sqrtdiv") && l.Contains("another spec"));
        Assert.Contains(failed, l => l.Contains("c-rsqrt") && l.Contains("NO"));
    }
}
