using System.Collections.Concurrent;
using HyperSharp.Cluster.WordCount;

namespace HyperSharp.Cluster.Dataflow;

/// <summary>
/// Map tasks' tables, kept between tasks of a process. A task counts one partition into a table and encodes it; a
/// fresh table per partition regrows its arrays (large-object allocations that bring on full collections) and starts
/// cold, where a thread of the in-process rung keeps one table for all its partitions.
/// </summary>
internal static class TablePool
{
    private static readonly ConcurrentBag<WordTable> s_tables = [];
    private static int s_kept;

    /// <summary>Tables kept at most: one a task slot of the machine, twice over.</summary>
    private static readonly int s_limit = 2 * Environment.ProcessorCount;

    /// <summary>A table not kept: its arena above this is a user's huge vocabulary, not worth holding on to.</summary>
    private const long MaxKeptKeyBytes = 64 << 20;

    /// <summary>An empty table, grown by an earlier task where one is free.</summary>
    public static WordTable Rent()
    {
        if (s_tables.TryTake(out WordTable? table))
        {
            Interlocked.Decrement(ref s_kept);
            return table;
        }
        return new WordTable();
    }

    /// <summary>Empties <paramref name="table"/> (no one may use it after) and keeps it for the next task, if there is room.</summary>
    public static void Return(WordTable table)
    {
        if (table.KeyBytes > MaxKeptKeyBytes)
            return;
        if (Interlocked.Increment(ref s_kept) > s_limit)
        {
            Interlocked.Decrement(ref s_kept);
            return;
        }
        table.Clear();
        s_tables.Add(table);
    }
}
