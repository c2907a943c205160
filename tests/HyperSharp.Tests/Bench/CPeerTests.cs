using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Bench;

/// <summary>
/// A test of the built C peers (<c>make -C peers/c</c>). Skipped, saying why, only where they are not built and no
/// gcc could build them; CI sets <c>HYPERSHARP_REQUIRE_C_PEERS=1</c> after building them, and then it always runs.
/// </summary>
public sealed class CPeerFactAttribute : TheoryAttribute
{
    public CPeerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("HYPERSHARP_REQUIRE_C_PEERS") == "1" || CPeerTests.Build is not null)
            return;
        Skip = PeerLocator.OnPath("gcc") is null
            ? "gcc is not installed here: the C peers cannot be built (CI installs it and runs these tests)"
            : "the C peers are not built: run `make -C peers/c` (or bash peers/install.sh)";
    }
}

/// <summary>Every C peer, on small specs, through the bench's own path: its whole answer checked against the rungs.</summary>
public sealed class CPeerTests
{
    /// <summary>peers/c/build of this checkout, when every C peer program is there.</summary>
    public static string? Build
    {
        get
        {
            string? peers = PeerLocator.Find(null);
            string? build = peers is null ? null : Path.Combine(peers, "c", "build");
            return build is not null && new[] { "particles", "julia", "diffusion", "pi", "primes", "norm", "matmul" }.All(p => File.Exists(Path.Combine(build, p)))
                ? build : null;
        }
    }

    public static TheoryData<string, string> Specs => new()
    {
        { "particles", "--counts 100,1000 --time 0.002" },
        { "julia", "--widths 64,101 --maxiter 60" },
        { "diffusion", "--sizes 32,64 --steps 10" },
        { "pi", "--samples 1000,300000 --seed 7" }, // the reference is statistical: an exact counter rung runs for the check
        { "primes", "--belows 10000,30000" },
        { "primecheck", "--numbers 2,97,1000003,4294967297,1000000007" },
        { "norm", "--counts 1,100003 --seed 7" },
        { "matmul", "--sizes 1,67 --seed 7" },
        { "matmul", "--sizes 33 --dtype float32" },
    };

    [CPeerFact]
    [MemberData(nameof(Specs))]
    public void CPeers_AgreeWithTheRungs_WholeAnswer(string system, string values)
    {
        string build = Build ?? throw new InvalidOperationException("HYPERSHARP_REQUIRE_C_PEERS=1 but peers/c/build is incomplete");
        // A peers folder with the C peers alone, so that only they run (the Python peers have their own check, peers/check.sh).
        using var temp = new TempDirectory();
        string peers = Directory.CreateDirectory(Path.Combine(temp.Path, "peers", "c")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(peers, "build"), build);
        string json = temp.File("bench.json");

        Hyper.Outcome o = Hyper.Run(["bench", system, "--peers", "--peers-dir", Path.GetDirectoryName(peers)!, "--rungs", "reference",
            "--threads", "1,2", "--json", json, .. values.Split(' ')]);

        Assert.True(o.ExitCode == 0, o.Stderr); // nothing failed verification
        List<RunResult> rows = BenchFile.FromJson(File.ReadAllText(json)).Results;
        List<RunResult> c = rows.Where(r => r.Implementation == "c").ToList();
        if (c.Count == 0 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            // Particles' and Julia's C peers are AVX-512 builds: on a CPU without it each must say so instead of running.
            var skipped = rows.Where(r => r.Rung.StartsWith("c-", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(skipped);
            Assert.All(skipped, r => Assert.True(r.Error?.Contains("AVX-512", StringComparison.Ordinal) == true, $"{r.Rung}: {r.Error}"));
            return;
        }
        Assert.NotEmpty(c);
        Assert.All(c, r => Assert.True(r.Error is null && r.Verified == true, $"{r.Rung} ×{r.Threads}: {r.Error ?? BenchTable.Verdict(r)}"));
        Assert.All(c, r => Assert.NotEqual("checksum", r.Verification!.Method)); // fingerprint or whole answer, never the checksum
    }
}
