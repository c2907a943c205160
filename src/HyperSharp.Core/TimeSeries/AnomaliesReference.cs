using HyperSharp.Ladder;

namespace HyperSharp.TimeSeries;

/// <summary>
/// The version the book warns about: every row read into a list, then the list cut into a list per day, then each
/// day tested. Memory grows with the file, so it refuses a file whose rows would not fit in
/// <see cref="MemoryBudget"/>.
/// </summary>
internal sealed class AnomaliesReference : SyncRung<AnomaliesProblem, AnomalyReport>
{
    public override string Name => "reference";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "every row read into a List, grouped into a List per day, then each day tested";

    /// <summary>A row in the list (16 bytes) and in its day's list (8), each up to twice that while a list grows.</summary>
    public const long BytesPerRow = 48;

    /// <summary>Half the memory this process may use.</summary>
    public static long MemoryBudget => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    public override void Check(AnomaliesProblem problem) => CheckBudget(problem.Bytes, problem.Rows, MemoryBudget);

    internal static void CheckBudget(long fileBytes, long? knownRows, long budget)
    {
        // Rows of a file not generated here are not counted first: the shortest row is 4 bytes ("0,0\n").
        long rows = knownRows ?? fileBytes / 4, need = rows * BytesPerRow;
        if (need > budget)
            throw new SpecException(
                $"the reference keeps every row in memory (up to {BytesPerRow} bytes a row: {need / 1e9:F1} GB for this {fileBytes / 1e9:F2} GB file), more than its budget of {budget / 1e9:F1} GB (half the memory available): use a streaming rung (lazy, pipelined, sep, threads)");
    }

    protected override AnomalyReport Compute(AnomaliesProblem problem, RunContext context)
    {
        List<Row> rows = RowStream.Rows(problem.Path).ToList();
        var days = new List<(long Day, List<double> Values)>();
        foreach (Row row in rows)
        {
            if (days.Count == 0 || days[^1].Day != row.Day)
                days.Add((row.Day, []));
            days[^1].Values.Add(row.Value);
        }
        var tally = new DayTally(problem.Alpha);
        foreach ((long day, List<double> values) in days)
        {
            DayMoments moments = DayMoments.Start(day, values[0]);
            for (int i = 1; i < values.Count; i++)
                moments.Add(values[i]);
            tally.Complete(moments);
        }
        return tally.Report();
    }
}
