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

    /// <summary>
    /// A peer that ran and broke — printed a NaN where a number belongs, or crashed — fails the bench like a wrong
    /// answer; a peer that says it cannot run here (exit 3 with its reason) is only a missing row.
    /// </summary>
    [Fact]
    public void Bench_APeerThatPrintsGarbageOrCrashes_Fails_ButOneThatCannotRunHereDoesNot()
    {
        if (OperatingSystem.IsWindows())
            return; // the fake peers are shell scripts
        using var temp = new TempDirectory();
        string build = Directory.CreateDirectory(Path.Combine(temp.Path, "c", "build")).FullName;
        string exe = Path.Combine(build, "julia");
        File.WriteAllText(exe, """
            #!/bin/sh
            echo '{"schema":"hypersharp/result@2","system":"julia","rung":"c-avx512","kind":"peer","checksum":NaN}'
            """.Replace("\r", ""));
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Hyper.Outcome garbage = Hyper.Run("bench", "julia", "--peers", "--peers-dir", temp.Path, "--widths", "16", "--maxiter", "20",
            "--threads", "1", "--rungs", "simd");
        Assert.Equal(1, garbage.ExitCode);
        Assert.Contains(garbage.Stderr.Split('\n'), l => l.StartsWith("verification failed:", StringComparison.Ordinal) && l.Contains("unreadable result"));

        File.WriteAllText(exe, "#!/bin/sh\necho boom >&2\nexit 1\n");
        Hyper.Outcome crash = Hyper.Run("bench", "julia", "--peers", "--peers-dir", temp.Path, "--widths", "16", "--maxiter", "20",
            "--threads", "1", "--rungs", "simd");
        Assert.Equal(1, crash.ExitCode);
        Assert.Contains(crash.Stderr.Split('\n'), l => l.StartsWith("verification failed:", StringComparison.Ordinal) && l.Contains("exit code 1"));

        File.WriteAllText(exe, """
            #!/bin/sh
            echo '{"schema":"hypersharp/result@2","system":"julia","rung":"c-avx512","kind":"peer","error":"no AVX-512 here"}'
            exit 3
            """.Replace("\r", ""));
        Hyper.Outcome unavailable = Hyper.Run("bench", "julia", "--peers", "--peers-dir", temp.Path, "--widths", "16", "--maxiter", "20",
            "--threads", "1", "--rungs", "simd");
        Assert.True(unavailable.ExitCode == 0, unavailable.Stderr);
        Assert.Contains("no AVX-512 here", unavailable.Stdout);
    }

    /// <summary>
    /// A peer item that writes its answer: a fake peers folder where <paramref name="program"/> "is built", so the
    /// plan hands out an answer file without any peer installed.
    /// </summary>
    private static (ISystemBench Bench, BenchItem Item) AnswerItem(ILadder ladder, string folder, string program, string peer,
        Dictionary<string, IReadOnlyList<SpecValue>> values)
    {
        string build = Directory.CreateDirectory(Path.Combine(folder, "peers", "c", "build")).FullName;
        File.WriteAllText(Path.Combine(build, program), "");
        ISystemBench bench = Catalog.BenchOf(ladder);
        BenchSettings settings = BenchSettings.Defaults(peers: true, peersDirectory: Path.Combine(folder, "peers")) with
        {
            Rungs = ["simd"], Threads = [1], Values = values,
        };
        BenchItem item = bench.Plan(settings, folder).Single(i => i.Label == peer);
        Assert.NotNull(item.AnswerPath);
        return (bench, item);
    }

    private static RunResult PeerResult(ILadder ladder, BenchItem item) => new()
    {
        System = ladder.Name, Rung = item.Label, Kind = "peer", Implementation = "c", Spec = item.Spec.ToDictionary(), Threads = 1,
        Seconds = 1, MinSeconds = 1, MaxSeconds = 1, Fingerprint = new string('0', 64),
    };

    private static void Write(string path, params double[][] parts) =>
        File.WriteAllBytes(path, parts.SelectMany(p => p).SelectMany(BitConverter.GetBytes).ToArray());

    [Fact]
    public void Particles_AWholeAnswerWithTwoParticlesSwapped_IsCaughtThoughItsChecksumIsRight()
    {
        using var temp = new TempDirectory();
        var ladder = Catalog.Particles;
        (ISystemBench bench, BenchItem item) = AnswerItem(ladder, temp.Path, "particles", "c-rsqrt",
            new() { ["count"] = [100], ["time"] = [0.001] });
        var spec = new HyperSharp.Particles.ParticleSpec(100, 0.001);
        var exact = ladder.Find("simd").Run(ladder.Build(spec), RunContext.Default);
        PeerProgram program = ladder.Peers.Single(p => p.Name == "c-rsqrt");

        Write(item.AnswerPath!, exact.X, exact.Y);
        RunResult right = bench.VerifyPeer(PeerResult(ladder, item), program, [], item.AnswerPath);
        Assert.True(right.Verified, right.Verification?.Measure);
        Assert.Equal("answer", right.Verification!.Method);
        Assert.Equal(0, right.Verification.Error);

        double[] x = (double[])exact.X.Clone(), y = (double[])exact.Y.Clone();
        (x[3], x[7]) = (x[7], x[3]);
        (y[3], y[7]) = (y[7], y[3]);
        Write(item.AnswerPath!, x, y);
        RunResult swapped = bench.VerifyPeer(PeerResult(ladder, item) with { Checksum = exact.Checksum() }, program, [], item.AnswerPath);
        Assert.False(swapped.Verified);
        Assert.True(swapped.Verification!.Error > 0);

        File.Delete(item.AnswerPath!);
        Assert.False(bench.VerifyPeer(PeerResult(ladder, item), program, [], item.AnswerPath).Verified);
    }

    [Fact]
    public void Diffusion_AGridShiftedByOneCell_IsCaught()
    {
        using var temp = new TempDirectory();
        var ladder = Catalog.Diffusion;
        (ISystemBench bench, BenchItem item) = AnswerItem(ladder, temp.Path, "diffusion", "c-inplace",
            new() { ["size"] = [32], ["steps"] = [10] });
        var spec = new HyperSharp.Diffusion.DiffusionSpec(32, 10);
        double[] cells = ladder.Find("simd").Run(ladder.Build(spec), RunContext.Default).Cells;
        PeerProgram program = ladder.Peers.Single(p => p.Name == "c-inplace") with { Exact = false };

        Write(item.AnswerPath!, cells);
        Assert.True(bench.VerifyPeer(PeerResult(ladder, item), program, [], item.AnswerPath).Verified);

        double[] shifted = [cells[^1], .. cells[..^1]]; // same cells, same Σ cell², one place along
        Write(item.AnswerPath!, shifted);
        RunResult wrong = bench.VerifyPeer(PeerResult(ladder, item), program, [], item.AnswerPath);
        Assert.False(wrong.Verified);
        Assert.Contains("whole answer", wrong.Verification!.Measure);
    }
}
