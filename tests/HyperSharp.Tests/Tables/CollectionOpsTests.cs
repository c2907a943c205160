using HyperSharp.Harness.Tables;

namespace HyperSharp.Tests.Tables;

/// <summary>
/// Every operation of the collections table gives the answer the Python statement gives, computed here from plain
/// data (not its time): each row's expected checksum, for every one of its .NET counterparts.
/// </summary>
public sealed class CollectionOpsTests
{
    /// <summary>What k operations at size N must give, by row key, computed without the structures under test.</summary>
    private static long Expected(string key, int n, int k)
    {
        int[] under = CollectionOps.Targets(k, n);       // targets spread over [0, N)
        int[] twice = CollectionOps.Targets(k, 2 * n);   // over [0, 2N): about half miss 0..N−1
        long Sum(int from, int count) => Enumerable.Range(from, count).Sum(v => (long)v);
        return key switch
        {
            "list.pop" or "deque.pop" => Sum(n, k),                   // pops N+k−1 down to N
            "list.pop0" or "deque.popleft" => Sum(0, k),              // pops 0 up to k−1
            "list.append" or "list.insert0" or "deque.append" or "deque.appendleft" => n + k, // the count after
            "deque.first" => 0,
            "deque.last" => (long)k * (n - 1),
            "deque.middle" => (long)k * (n / 2),
            "list.index" or "bisect" => under.Sum(t => (long)t),      // in 0..N−1 a value is its own position
            "list.in" or "set.in" or "dict.in" => twice.Count(t => t < n),
            "heap.push" or "heap.insort" => Math.Min(CollectionOps.Values(n, n).Min(), twice.Min()),
            "heap.pop" => CollectionOps.Values(n + k, n).Order().Take(k).Sum(v => (long)v),
            _ => throw new KeyNotFoundException($"no expectation for row '{key}': add one"),
        };
    }

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (OperationRow row in CollectionsTable.Rows)
            foreach (int n in new[] { 100, 137, 1000 })
                data.Add(row.Key, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryCounterpart_GivesThePythonAnswer(string key, int n)
    {
        OperationRow row = CollectionsTable.Rows.Single(r => r.Key == key);
        int k = row.Batch(n);
        long expected = Expected(key, n, k);
        foreach (Counterpart c in row.DotNet)
            Assert.True(expected == c.Once(n, k), $"{c.Name} at N = {n}, k = {k}: {c.Once(n, k)}, expected {expected}");
    }

    [Fact]
    public void ReadOnlyCounterparts_LeaveTheirStructureAsItWas()
    {
        // A counterpart marked read-only is staged once and run many times: a second run must give the same answer.
        foreach (OperationRow row in CollectionsTable.Rows)
            foreach (Counterpart c in row.DotNet.Where(c => !c.Mutates))
            {
                int k = row.Batch(500);
                object state = c.Stage(500, k);
                Assert.True(c.Run(state, k) == c.Run(state, k), c.Name);
            }
    }

    [Fact]
    public void PythonSpec_CarriesEveryRowWithABatchPerSize()
    {
        var spec = CPythonPeer.Spec(CollectionsTable.Rows, [1000, 2000], HyperSharp.Harness.MeasureOptions.Quick);
        var ops = spec["ops"]!.AsArray();
        Assert.Equal(CollectionsTable.Rows.Select(r => r.Key), ops.Select(o => (string?)o!["key"]));
        Assert.All(ops, o => Assert.Equal(2, o!["batch"]!.AsArray().Count));
        Assert.Equal(CollectionsTable.Rows.Select(r => r.Statement), ops.Select(o => (string?)o!["stmt"]));
    }

    [Fact]
    public void Rows_HaveUniqueKeys_AndAMutatingBatchStaysWithinATenthOfN()
    {
        Assert.Equal(CollectionsTable.Rows.Count, CollectionsTable.Rows.Select(r => r.Key).Distinct().Count());
        foreach (OperationRow row in CollectionsTable.Rows.Where(r => r.DotNet.Any(c => c.Mutates)))
            Assert.True(row.Batch(10_000) <= 1_000, row.Key);
    }

    [Fact]
    public void Spread_IsKnuthsMultiplicativeHash_AsThePythonPeerComputesIt()
    {
        Assert.Equal(761, CollectionOps.Spread(1, 1000));             // 2654435761 mod 1000
        Assert.Equal((int)(7L * 2654435761 % 20000), CollectionOps.Spread(7, 20000));
        Assert.Equal(0, CollectionOps.Spread(0, 5));
    }

    [Fact]
    public void SortedInsert_KeepsTheListSortedWithEveryValue()
    {
        var list = CollectionOps.Values(500, 500).Order().ToList();
        int[] targets = CollectionOps.Targets(50, 1000);
        CollectionOps.SortedInsert(list, targets);
        Assert.Equal(CollectionOps.Values(500, 500).Concat(targets).Order(), list);
    }

    [Fact]
    public void LinkedAt_WalksToTheRightNode_FromEitherEnd()
    {
        var list = new LinkedList<int>(Enumerable.Range(0, 101));
        foreach (int i in new[] { 0, 1, 49, 50, 51, 99, 100 })
            Assert.Equal(3L * i, CollectionOps.LinkedAt(list, i, 3));
    }
}
