using HyperSharp.Ladder;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// The files cut into partitions at line boundaries (four per thread, so a slow thread does not hold the end back);
/// each thread takes the next partition and counts UTF-8 tokens into its own <see cref="WordTable"/> (no string per
/// word); the tables are merged at the end.
/// </summary>
public sealed class WordCountThreads : SyncRung<WordCountProblem, WordCounts>
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique => "partitions at line boundaries, span tokenizer over UTF-8, one open-addressing table per thread, merged";

    /// <inheritdoc/>
    protected override WordCounts Compute(WordCountProblem problem, RunContext context) =>
        Count(problem.Files, context.MaxThreads).ToCounts();

    /// <summary>The counts of the files' words on <paramref name="threads"/> threads, as one table.</summary>
    internal static WordTable Count(IReadOnlyList<string> files, int threads)
    {
        IReadOnlyList<TextPartition> parts = TextPartitions.Split(files, threads * 4);
        int workers = Math.Clamp(parts.Count, 1, threads);
        var tables = new WordTable[workers];
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var table = new WordTable();
            for (int p = Interlocked.Increment(ref next); p < parts.Count; p = Interlocked.Increment(ref next))
                TextPartitions.Count(parts[p], table);
            tables[w] = table;
        });
        WordTable all = tables[0];
        for (int w = 1; w < workers; w++)
            all.Merge(tables[w]);
        return all;
    }
}
