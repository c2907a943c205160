using HyperSharp.Memoization;
using Xunit;

namespace HyperSharp.Tests.Memoization;

public sealed class CacheMicroBenchTests
{
    [Fact]
    public void EveryCacheRow_HasItsCostLessTheNoCacheRowOfItsThreadCount()
    {
        IReadOnlyList<CacheMicroBench.Row> rows = CacheMicroBench.InMemory(calls: 2_000, threads: [1, 2], rounds: 1);
        foreach (int threads in new[] { 1, 2 })
        {
            CacheMicroBench.Row baseline = Assert.Single(rows, r => r.Cache == CacheMicroBench.NoCache && r.Threads == threads);
            Assert.Null(baseline.NetHitNanoseconds);
            foreach (CacheMicroBench.Row row in rows.Where(r => r.Cache != CacheMicroBench.NoCache && r.Threads == threads))
                Assert.Equal(Math.Max(0, row.HitNanoseconds - baseline.HitNanoseconds), row.NetHitNanoseconds!.Value, 9);
        }
        Assert.Contains(rows, r => r.Cache == "MemoryCache");
    }
}
