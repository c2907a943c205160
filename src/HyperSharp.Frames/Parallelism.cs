namespace HyperSharp.Frames;

/// <summary>Splits a row range into one contiguous chunk per thread (inline when one thread or few rows).</summary>
internal static class Parallelism
{
    /// <summary>Below this many rows a second thread costs more than it saves.</summary>
    public const int MinRowsPerThread = 1 << 15;

    public static int ChunksFor(int rows, int threads) => Math.Max(1, Math.Min(threads, rows / MinRowsPerThread));

    public static (int Start, int End) Range(int chunk, int chunks, int rows)
    {
        long start = (long)rows * chunk / chunks, end = (long)rows * (chunk + 1) / chunks;
        return ((int)start, (int)end);
    }

    /// <summary>Runs <paramref name="body"/>(chunk, start, end) for each of <paramref name="chunks"/> chunks of <paramref name="rows"/>.</summary>
    public static void For(int chunks, int rows, Action<int, int, int> body)
    {
        if (chunks <= 1)
        {
            body(0, 0, rows);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            (int s, int e) = Range(c, chunks, rows);
            body(c, s, e);
        });
    }

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, count) on up to <paramref name="threads"/> threads.</summary>
    public static void Each(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
                body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
