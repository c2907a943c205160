using HyperSharp.Ladder;
using Microsoft.Win32.SafeHandles;

namespace HyperSharp.TimeSeries;

/// <summary>
/// The file cut into ranges at line boundaries, <see cref="RangesPerThread"/> per thread, parsed in parallel, each
/// with its own buffer. A range tests its interior days at once and keeps its first and last (partial) days as
/// moments; in file order, a range's last day and the next range's first are one day when their dates match, and
/// their moments are merged (power sums add). Memory: a buffer per thread and two days per range.
/// </summary>
internal sealed class AnomaliesThreads : SyncRung<AnomaliesProblem, AnomalyReport>
{
    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override RungResources Uses => RungResources.Threads;
    public override string Technique => "ranges cut at line boundaries, parsed in parallel; days cut by a boundary merged by their moments";

    /// <summary>Merging moments adds sums in another order than one pass does: K² within 1e-9 relative.</summary>
    public override double Tolerance => 1e-9;

    /// <summary>More ranges than threads, so a thread that finishes early takes another.</summary>
    public const int RangesPerThread = 4;

    /// <summary>Ranges are at least this long; small so that the tests cut small files too.</summary>
    public const long MinRange = 4096;

    protected override AnomalyReport Compute(AnomaliesProblem problem, RunContext context) =>
        Analyze(problem.Path, problem.Alpha, context.MaxThreads);

    /// <summary>What <c>hyper timeseries anomalies</c> runs: the whole file on <paramref name="threads"/> threads.</summary>
    public static AnomalyReport Analyze(string path, double alpha, int threads)
    {
        using SafeFileHandle file = RowStream.Open(path);
        long start = TimeSeriesCsv.DataStart(file, path), end = RandomAccess.GetLength(file);
        long[] bounds = Bounds(file, start, end, threads);
        var ranges = new Range[bounds.Length - 1];
        var errors = new Exception?[ranges.Length];
        Parallel.For(0, ranges.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new byte[Blocks.BufferSize],
            (i, loop, buffer) =>
            {
                try
                {
                    ranges[i] = Parse(file, path, bounds[i], bounds[i + 1], alpha, buffer);
                }
                catch (Exception ex) when (ex is SpecException or IOException)
                {
                    errors[i] = ex;
                    loop.Break(); // ranges after this one need not run; those before still do, so the first error wins
                }
                return buffer;
            }, _ => { });
        // The error of the earliest range, as a serial read would report it: one line, not an AggregateException.
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return Join(ranges, alpha);
    }

    /// <summary>A range's days: the first and last (which may continue across its edges) and the tally of those between.</summary>
    private sealed record Range(DayMoments? First, DayMoments? Last, DayTally Interior);

    private static Range Parse(SafeFileHandle file, string path, long from, long to, double alpha, byte[] buffer)
    {
        var tally = new DayTally(alpha, holdFirst: true);
        var grouper = new DayGrouper();
        var reader = new BlockReader(file, from, to);
        int length;
        while ((length = reader.Next(buffer, path)) > 0)
            Blocks.Parse(buffer.AsSpan(0, length), reader.BlockOffset, ref grouper, tally, file, path);
        DayMoments? last = grouper.Open;
        if (tally.First is null) // one day in the whole range: it is both first and last
            return new Range(last, null, tally);
        return new Range(tally.First, last, tally);
    }

    /// <summary>Joins the ranges in order: the open day carried from range to range while the dates match.</summary>
    private static AnomalyReport Join(Range[] ranges, double alpha)
    {
        var total = new DayTally(alpha);
        DayMoments? open = null;
        foreach (Range range in ranges)
        {
            if (range.First is not { } first)
                continue; // no rows
            if (open is { } o && o.Day == first.Day)
            {
                o.Merge(first);
                open = o;
            }
            else
            {
                if (open is { } done)
                    total.Complete(done);
                open = first;
            }
            if (range.Last is { } last)
            {
                total.Complete(open.Value);
                total.Append(range.Interior);
                open = last;
            }
        }
        if (open is { } final)
            total.Complete(final);
        return total.Report();
    }

    /// <summary>Range starts: even cuts of [start, end), each moved to just after the next newline; then end.</summary>
    private static long[] Bounds(SafeFileHandle file, long start, long end, int threads)
    {
        long count = Math.Max(1, Math.Min((long)threads * RangesPerThread, (end - start) / MinRange));
        var bounds = new List<long> { start };
        Span<byte> window = stackalloc byte[TimeSeriesCsv.MaxLine];
        for (long i = 1; i < count; i++)
        {
            long cut = start + (end - start) * i / count;
            if (cut <= bounds[^1])
                continue;
            int n = RandomAccess.Read(file, window, cut - 1);
            int newline = window[..n].IndexOf((byte)'\n');
            if (newline < 0)
                continue; // a line longer than the window: the range that holds it reports it
            long next = cut + newline;
            if (next > bounds[^1] && next < end)
                bounds.Add(next);
        }
        bounds.Add(end);
        return bounds.ToArray();
    }
}
