using HyperSharp.Memo;
using M = HyperSharp.Memo.Memo;

namespace HyperSharp.Tests.Memoization;

/// <summary>The disk memo: keys, versions, entries that fail their checks, the size limit, racing writers.</summary>
public sealed class DiskMemoTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public sealed record Point(double X, double Y, string Label);

    private static string[] EntryFiles(string dir) => Directory.GetFiles(dir, "*.memo", SearchOption.AllDirectories);

    [Fact]
    public void Result_IsComputedOnce_ThenReadBack_EvenByANewMemoOnTheFolder()
    {
        int calls = 0;
        Point Make(int i) { calls++; return new Point(i, i * 0.5, $"p{i}"); }
        var first = M.Disk(_dir.Path).Cache<int, Point>(Make, name: "make");
        Assert.Equal(new Point(3, 1.5, "p3"), first.Invoke(3));
        Assert.Equal(new Point(3, 1.5, "p3"), first.Invoke(3));
        Assert.Equal(1, calls);
        // Another DiskMemo (as another process would make) on the same folder finds the entry.
        var again = M.Disk(_dir.Path).Cache<int, Point>(Make, name: "make");
        Assert.True(again.IsCached(3));
        Assert.False(again.IsCached(4));
        Assert.Equal(new Point(3, 1.5, "p3"), again.Invoke(3));
        Assert.Equal(1, calls);
        Assert.Equal(new DiskCallStatistics(1, 0, 0), again.Statistics);
    }

    [Fact]
    public void UnmanagedArrays_RoundTripByTheirBytes_SmallAndMemoryMapped()
    {
        var memo = M.Disk(_dir.Path).Cache<int, double[]>(n => Enumerable.Range(0, n).Select(i => Math.Sqrt(i)).ToArray(), name: "roots");
        foreach (int n in new[] { 0, 1, 1000, 1 << 17 })
        {
            double[] computed = memo.Invoke(n);
            double[] read = memo.Invoke(n);
            Assert.NotSame(computed, read);
            Assert.Equal(computed, read);
        }
        Assert.Equal(4, memo.Statistics.Hits);
        // Raw: 64-byte header + 8 bytes per element, no JSON.
        Assert.Contains(EntryFiles(_dir.Path), f => new FileInfo(f).Length == 64 + 8 * 1000);
    }

    [Fact]
    public void Arguments_AreHashedByContent_NotByReference()
    {
        int calls = 0;
        var sum = M.Disk(_dir.Path).Cache<int[], long>(xs => { calls++; return xs.Sum(x => (long)x); }, name: "sum");
        sum.Invoke([1, 2, 3]);
        sum.Invoke([1, 2, 3]);
        Assert.Equal(1, calls);
        sum.Invoke([1, 2, 4]);
        sum.Invoke([1, 2]);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void ContentHash_TellsApartTypesAndBoundaries_AndFollowsRecordMembers()
    {
        int calls = 0;
        var f = M.Disk(_dir.Path).Cache<object, int>(_ => ++calls, name: "any");
        f.Invoke(1);
        f.Invoke(1L); // another type: another entry
        f.Invoke(("ab", "c"));
        f.Invoke(("a", "bc"));
        f.Invoke(new Point(1, 2, "x"));
        f.Invoke(new Point(1, 2, "y"));
        Assert.Equal(6, calls);
        f.Invoke(new Point(1, 2, "x"));
        f.Invoke(("ab", "c"));
        f.Invoke(new List<int> { 1, 2 });
        f.Invoke(new List<int> { 1, 2 });
        Assert.Equal(7, calls);
    }

    [Fact]
    public void ArgumentsWithoutAStableOrder_AreRefused_UnlessAKeyFunctionIsGiven()
    {
        var plain = M.Disk(_dir.Path).Cache<Dictionary<string, int>, int>(d => d.Count, name: "count");
        Assert.Throws<NotSupportedException>(() => plain.Invoke(new Dictionary<string, int> { ["a"] = 1 }));
        int calls = 0;
        var keyed = M.Disk(_dir.Path).Cache<Dictionary<string, int>, int>(d => { calls++; return d.Count; }, name: "count",
            key: d => string.Join(",", d.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")));
        keyed.Invoke(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 });
        keyed.Invoke(new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 });
        Assert.Equal(1, calls);
    }

    [Fact]
    public void ChangingTheFunctionsBody_UnderTheSameName_MakesOldEntriesUnreachable()
    {
        DiskMemo disk = M.Disk(_dir.Path);
        // Two bodies standing for one function before and after an edit: same identity, other IL.
        var before = disk.Cache<int, int>(x => x + 1, name: "edited");
        var after = disk.Cache<int, int>(x => x * 2 + 1, name: "edited");
        var same = disk.Cache<int, int>(x => x + 1, name: "edited");
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal(before.Version, same.Version);
        Assert.Equal(4, before.Invoke(3));
        Assert.False(after.IsCached(3));
        Assert.Equal(7, after.Invoke(3));
        Assert.True(same.IsCached(3));
        Assert.Equal(4, same.Invoke(3));
        // An explicit version overrides the body's.
        Assert.Equal(disk.Cache<int, int>(x => x, name: "v", version: "1").Version, disk.Cache<int, int>(x => -x, name: "v", version: "1").Version);
    }

    [Fact]
    public void Invalidate_RemovesOneEntry_AndClearRemovesAll()
    {
        DiskMemo disk = M.Disk(_dir.Path);
        var f = disk.Cache<int, int>(x => x, name: "id");
        f.Invoke(1);
        f.Invoke(2);
        Assert.True(f.Invalidate(1));
        Assert.False(f.Invalidate(1));
        Assert.False(f.IsCached(1));
        Assert.True(f.IsCached(2));
        Assert.Equal(1, disk.Statistics().Entries);
        Assert.True(disk.Clear() > 0);
        Assert.Equal(0, disk.Statistics().Entries);
        Assert.False(f.IsCached(2));
        Assert.Equal(2, f.Invoke(2)); // the function's folder is made again
    }

    public static TheoryData<string> Damages() => new() { "truncated", "empty", "payload-byte", "header-byte", "appended" };

    [Theory]
    [MemberData(nameof(Damages))]
    public void DamagedEntry_IsDetected_Recomputed_AndReplaced_NeverReturned(string damage)
    {
        int calls = 0;
        var f = M.Disk(_dir.Path).Cache<int, double[]>(n => { calls++; return Enumerable.Range(0, n).Select(i => i + 0.25).ToArray(); }, name: "arr");
        double[] good = f.Invoke(5000);
        string entry = Assert.Single(EntryFiles(_dir.Path));
        byte[] bytes = File.ReadAllBytes(entry);
        byte[] damaged = damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "empty" => [],
            "payload-byte" => Flip(bytes, bytes.Length - 3),
            "header-byte" => Flip(bytes, 20),
            "appended" => [.. bytes, 0],
            _ => throw new ArgumentException(damage),
        };
        File.WriteAllBytes(entry, damaged);
        Assert.False(f.IsCached(5000));
        Assert.Equal(good, f.Invoke(5000));
        Assert.Equal(2, calls);
        Assert.Equal(1, f.Statistics.Corrupt);
        Assert.Equal(bytes, File.ReadAllBytes(entry)); // replaced by a whole entry
        Assert.Equal(good, f.Invoke(5000));
        Assert.Equal(2, calls);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = [.. bytes];
        copy[at] ^= 0x40;
        return copy;
    }

    [Fact]
    public void AnEntryOfAnotherKey_RenamedIntoPlace_IsNotReturned()
    {
        var f = M.Disk(_dir.Path).Cache<int, int>(x => x, name: "id");
        f.Invoke(1);
        f.Invoke(2);
        string[] files = EntryFiles(_dir.Path);
        File.Copy(files[0], files[1], overwrite: true);
        Assert.Equal(1, f.Invoke(1));
        Assert.Equal(2, f.Invoke(2));
        Assert.Equal(1, f.Statistics.Corrupt);
    }

    [Fact]
    public void SizeLimit_EvictsTheLeastRecentlyUsed_WhereAHitCountsAsAUse()
    {
        // Each entry: 64-byte header + 8 KiB payload. Room for three.
        long entry = 64 + 8 * 1024;
        DiskMemo disk = M.Disk(_dir.Path, sizeLimitBytes: 3 * entry + 10);
        int calls = 0;
        var f = disk.Cache<int, long[]>(k => { calls++; return new long[1024]; }, name: "block");
        f.Invoke(1);
        f.Invoke(2);
        f.Invoke(3);
        // Ages the entries explicitly (modification time is the LRU clock): 1 oldest, then 2, then 3.
        DateTime t0 = DateTime.UtcNow.AddMinutes(-10);
        for (int k = 1; k <= 3; k++)
            File.SetLastWriteTimeUtc(f.EntryPath(k), t0.AddSeconds(k));
        f.Invoke(1); // a hit: 1 becomes the most recently used
        Assert.Equal(3, calls);
        f.Invoke(4); // over the limit: the least recently used, 2, goes
        Assert.Equal(3, EntryFiles(_dir.Path).Length);
        Assert.True(f.IsCached(1));
        Assert.False(f.IsCached(2));
        Assert.True(f.IsCached(3));
        Assert.True(f.IsCached(4));
        Assert.True(disk.Statistics().Bytes <= disk.SizeLimit);
    }

    [Fact]
    public void ThreadsRacingOnOneKey_AllGetTheAnswer_AndLeaveOneWholeEntry()
    {
        DiskMemo disk = M.Disk(_dir.Path);
        int calls = 0;
        var slow = disk.Cache<int, int[]>(n => { Interlocked.Increment(ref calls); Thread.Sleep(50); return Enumerable.Range(0, n).ToArray(); }, name: "slow");
        int[][] answers = new int[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => answers[i] = slow.Invoke(100_000));
        Assert.All(answers, a => Assert.Equal(Enumerable.Range(0, 100_000), a));
        Assert.InRange(calls, 1, 8);
        Assert.Single(EntryFiles(_dir.Path));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.True(slow.IsCached(100_000));
    }

    [Fact]
    public void Version_OfADynamicMethod_MustBeGiven()
    {
        System.Linq.Expressions.Expression<Func<int, int>> e = x => x + 1;
        Func<int, int> compiled = e.Compile();
        Assert.Throws<ArgumentException>(() => M.Disk(_dir.Path).Cache(compiled, name: "dyn"));
        Assert.Equal(2, M.Disk(_dir.Path).Cache(compiled, name: "dyn", version: "1").Invoke(1));
    }

    [Fact]
    public void ReadmeExample_RunsAsWritten()
    {
        // The README's disk example, on a temporary folder instead of Memo.DefaultDirectory().
        DiskMemo disk = M.Disk(_dir.Path, sizeLimitBytes: 1L << 30);
        var roots = disk.Cache((double[] xs) => xs.Select(Math.Sqrt).ToArray());
        double[] r = roots.Invoke([1, 4, 9]);
        Assert.Equal([1.0, 2, 3], r);
        Assert.True(roots.IsCached([1, 4, 9]));
        Assert.True(roots.Invalidate([1, 4, 9]));
        Assert.False(roots.IsCached([1, 4, 9]));
    }

    [Fact]
    public void AFileAsTheFolder_IsRefused()
    {
        string file = _dir.File("plain");
        File.WriteAllText(file, "x");
        Assert.Throws<IOException>(() => M.Disk(file));
    }
}
