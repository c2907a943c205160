using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Memoization;

/// <summary>
/// The reference answers memoized on disk, seen from processes: a new <c>hyper</c> finds what the last one kept, two
/// racing on one entry both verify, a damaged entry is recomputed, <c>--no-cache</c> keeps nothing; and <c>hyper memo</c>.
/// </summary>
public sealed class MemoCliTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    private Hyper.Outcome Run(params string[] args) =>
        Hyper.RunWith(new Dictionary<string, string?> { [HyperSharp.Memo.Memo.CacheDirectoryVariable] = _cache.Path }, args);

    private string[] Entries() => Directory.GetFiles(_cache.Path, "*.memo", SearchOption.AllDirectories);

    [Fact]
    public void ANewProcess_VerifiesWithTheAnswerTheLastOneKept()
    {
        Hyper.Outcome first = Run("run", "memo", "--rung", "iterative", "--n", "25");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("verify: running the reference", first.Stderr);
        Assert.Single(Entries());

        Hyper.Outcome second = Run("run", "memo", "--rung", "lru", "--n", "25");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("from the cache", second.Stderr);
        Assert.Contains("verified (against reference)", second.Stdout);

        // Another spec is another entry.
        Assert.Equal(0, Run("run", "memo", "--rung", "lru", "--n", "24").ExitCode);
        Assert.Equal(2, Entries().Length);
    }

    [Fact]
    public void NoCache_NeitherReadsNorWrites()
    {
        Hyper.Outcome o = Run("run", "memo", "--rung", "iterative", "--n", "22", "--no-cache");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Empty(Entries());
        Assert.Equal(0, Run("run", "memo", "--rung", "iterative", "--n", "22").ExitCode);
        Hyper.Outcome again = Run("run", "memo", "--rung", "iterative", "--n", "22", "--no-cache");
        Assert.DoesNotContain("from the cache", again.Stderr);
    }

    [Fact]
    public void ADamagedEntry_IsRecomputed_AndTheRunStillVerifies()
    {
        Assert.Equal(0, Run("run", "memo", "--rung", "iterative", "--n", "23").ExitCode);
        string entry = Assert.Single(Entries());
        byte[] bytes = File.ReadAllBytes(entry);
        bytes[^1] ^= 0x01; // F(23) off by a bit in its last byte: the checksum must catch it
        File.WriteAllBytes(entry, bytes);
        Hyper.Outcome o = Run("run", "memo", "--rung", "lru", "--n", "23");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("verify: running the reference", o.Stderr);
        Assert.Contains("verified (against reference)", o.Stdout);
        File.WriteAllBytes(entry, bytes[..10]); // truncated
        Assert.Equal(0, Run("run", "memo", "--rung", "lru", "--n", "23").ExitCode);
        Assert.NotEqual(10, new FileInfo(Assert.Single(Entries())).Length);
    }

    [Fact]
    public async Task TwoProcessesRacingOnOneEntry_BothVerify_AndLeaveOneWholeEntry()
    {
        Hyper.Outcome[] racers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Run("run", "memo", "--rung", "iterative", "--n", "32"))));
        Assert.All(racers, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Single(Entries());
        Assert.Empty(Directory.GetFiles(_cache.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains("from the cache", Run("run", "memo", "--rung", "lru", "--n", "32").Stderr);
    }

    [Fact]
    public void MemoStats_ListsTheReferenceAnswers_AndClearRemovesThem()
    {
        Assert.Equal(0, Run("run", "memo", "--rung", "iterative", "--n", "21").ExitCode);
        Hyper.Outcome stats = Run("memo", "stats");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Contains("1 entry", stats.Stdout);
        Assert.Contains("hyper/reference/memo/reference", stats.Stdout);
        Hyper.Outcome clear = Run("memo", "clear", "--dir", _cache.Path);
        Assert.True(clear.ExitCode == 0, clear.Stderr);
        Assert.Empty(Entries());
        Assert.Contains("0 entries", Run("memo", "stats", "--dir", _cache.Path).Stdout);
    }

    [Fact]
    public void MemoStats_BadDir_IsOneLineExit2()
    {
        Assert.Contains("no such folder", Hyper.AssertBadInput("memo", "stats", "--dir", Path.Combine(_cache.Path, "missing")));
        string file = Path.Combine(_cache.Path, "a-file");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Hyper.AssertBadInput("memo", "clear", "--dir", file));
        Hyper.AssertBadInput("memo", "stats", "--dir", " ");
    }

    [Fact]
    public void BenchNoCache_ReachesEveryRungsProcess()
    {
        ISystemBench bench = Catalog.BenchOf(Catalog.Memo);
        var settings = BenchSettings.Defaults() with { NoCache = true };
        using var work = new TempDirectory();
        Assert.All(bench.Plan(settings, work.Path).Where(i => !i.IsPeer && i.Skip is null), i => Assert.Contains("--no-cache", i.Command));
        Assert.All(bench.Plan(BenchSettings.Defaults(), work.Path).Where(i => !i.IsPeer), i => Assert.DoesNotContain("--no-cache", i.Command));
    }

    [Fact]
    public void ReferenceCodeVersion_IsStable_AndDiffersBetweenSystems()
    {
        Assert.Equal(ReferenceAnswers.CodeVersion(Catalog.Memo), ReferenceAnswers.CodeVersion(Catalog.Memo));
        Assert.NotEqual(ReferenceAnswers.CodeVersion(Catalog.Memo), ReferenceAnswers.CodeVersion(Catalog.Primes));
    }
}
