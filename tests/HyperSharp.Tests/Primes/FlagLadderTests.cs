using HyperSharp.Harness;
using HyperSharp.Harness.Primes;
using HyperSharp.Ladder;
using HyperSharp.Primes;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Primes;

/// <summary>A test that needs Debian's redis-server on PATH; skipped, saying so, without it.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Program is null)
            Skip = "redis-server is not installed here (apt-get install redis-server): the Redis flag rung cannot run";
    }
}

/// <summary>
/// The flag ladder of primecheck (Gorelick ch. 9): every mechanism gives the reference's verdicts at every check
/// interval (the conformance tests run the available ones on many numbers); here, what is particular to each.
/// </summary>
public sealed class FlagLadderTests
{
    private static readonly PrimeCheckLadder s_ladder = Catalog.PrimeCheck;

    public static TheoryData<string> Mechanisms() => ["threads", "processes", "processes-pipe", "processes-noflag"];

    [Fact]
    public void Ladder_HasAMechanismPerFlag_AllSweepingTheInterval_BeforeMillerRabin()
    {
        string[] names = s_ladder.Rungs.Select(r => r.Name).ToArray();
        Assert.Equal(["reference", "threads", "processes", "processes-pipe", "processes-noflag", "processes-redis", "distributed", "millerrabin"], names);
        Assert.All(s_ladder.Rungs.Where(r => r.Name.StartsWith("processes", StringComparison.Ordinal) || r.Name == "threads"),
            r => Assert.Equal("check_every", r.Sweeps));
    }

    /// <summary>A prime (every share searched to its end) and the book's composite, at intervals from 1 to beyond √n.</summary>
    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Mechanism_PrimeAndBookComposite_AtEveryInterval(string rung)
    {
        foreach (int every in new[] { 1, 64, 1_000_000_000 })
            AssertBookVerdicts(s_ladder.Find(rung), every);
    }

    [RedisFact]
    public void Redis_PrimeAndBookComposite_AtEveryInterval()
    {
        Assert.True(s_ladder.Find("processes-redis").Availability.IsAvailable);
        foreach (int every in new[] { 4096, 1_000_000_000 })
            AssertBookVerdicts(s_ladder.Find("processes-redis"), every);
    }

    [Fact]
    public void Redis_WithoutTheServer_IsUnavailableWithTheReason()
    {
        var rung = new PrimeCheckRedis();
        if (RedisServer.Program is null)
            Assert.Contains("redis-server is not installed", rung.Availability.Reason);
        else
            Assert.True(rung.Availability.IsAvailable);
    }

    [RedisFact]
    public void RedisServer_ListensOnLoopback_AndIsGoneAfterDispose()
    {
        int pid;
        using (RedisServer server = RedisServer.Start())
        {
            Assert.StartsWith("127.0.0.1:", server.Endpoint);
            pid = server.ProcessId;
            Assert.False(System.Diagnostics.Process.GetProcessById(pid).HasExited);
        }
        Assert.True(!Exists(pid), $"redis-server {pid} still running");

        static bool Exists(int id)
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(id);
                return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    private static void AssertBookVerdicts(Rung<PrimeCheckSpec, PrimeVerdict[]> rung, int every)
    {
        var spec = new PrimeCheckSpec([112_272_535_095_293, 112_272_535_095_295, 1_099_726_899_285_419], every);
        PrimeVerdict[] v = rung.Run(spec, new RunContext(2) { Processes = 2 });
        Assert.True(v[0].IsPrime, $"{rung.Name} every {every}: {v[0]}");
        Assert.True(v[1].IsComposite && 112_272_535_095_295 % v[1].Factor == 0 && v[1].Factor > 1, $"{rung.Name} every {every}: {v[1]}");
        Assert.Contains(v[2].Factor, new ulong[] { 3_306_091, 332_636_609 });
    }

    [Fact]
    public void Worker_WithoutExactlyOneMechanism_IsBadInput()
    {
        Hyper.Outcome none = Hyper.Run("__worker", "primecheck", "--number", "15", "--from", "3", "--to", "3", "--check-every", "1");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("exactly one", none.Stderr);
        Hyper.Outcome two = Hyper.Run("__worker", "primecheck", "--number", "15", "--from", "3", "--to", "3", "--check-every", "1", "--pipe", "--no-flag");
        Assert.Equal(2, two.ExitCode);
    }

    [Fact]
    public void NoFlagWorker_PrintsItsOwnFactorOrZero()
    {
        Assert.Equal("3", Hyper.Run("__worker", "primecheck", "--number", "15", "--from", "3", "--to", "3", "--check-every", "1", "--no-flag").Stdout.Trim());
        Assert.Equal("0", Hyper.Run("__worker", "primecheck", "--number", "49", "--from", "3", "--to", "5", "--check-every", "1", "--no-flag").Stdout.Trim());
    }

    [Fact]
    public void PipeWorker_StopsOnTheParentsLine()
    {
        // A prime's whole share, checked every divisor: only the stop line ends it early (0: no factor of its own).
        ulong prime = 1_000_000_000_000_000_003; // √ ≈ 10⁹: seconds of division if it ran to the end
        using var stop = new StringReader("stop\n");
        Assert.Equal(0UL, PrimeCheckPipe.Work(prime, 3, 1_000_000_001, 1, stop));
    }

    [Fact]
    public void FlagSweep_TablesAndChartsTimeAgainstInterval_PerMechanism()
    {
        RunResult Row(string rung, int every, double seconds) => new()
        {
            System = "primecheck", Rung = rung, Verified = true, Threads = 1, Seconds = seconds,
            Resources = new Dictionary<string, int> { ["processes"] = 2 },
            Spec = new Dictionary<string, SpecValue> { ["numbers"] = SpecValue.Of("112272535095293"), ["check_every"] = SpecValue.Of(every) },
        };
        var bench = new BenchFile
        {
            System = "primecheck", Title = "t", Unit = "divisors/s", SizeName = "numbers", Axes = ["numbers"],
            Machine = MachineInfo.Current(), Created = DateTimeOffset.UnixEpoch,
            Results = [Row("processes", 10, 2.5), Row("processes", 1000, 0.5), Row("processes-noflag", 10, 0.4), Row("processes-noflag", 1000, 0.4)],
        };
        string[] notes = FlagSweep.Notes(bench).ToArray();
        Assert.Contains(notes, l => l.Contains("processes-noflag", StringComparison.Ordinal));
        string rowAt10 = Assert.Single(notes, l => l.StartsWith("10 ", StringComparison.Ordinal));
        Assert.Contains("2.5", rowAt10);
        Assert.Contains(notes, l => l.Contains("2 workers", StringComparison.Ordinal));
        (byte[] png, string _) = Assert.Single(FlagSweep.Charts(bench));
        Assert.Equal((byte)0x89, png[0]); // a PNG
        Assert.Empty(FlagSweep.Notes(bench with { Results = [Row("processes", 10, 1)] })); // no sweep, no table
    }
}
