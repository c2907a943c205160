using HyperSharp.Ladder;
using nietras.SeparatedValues;

namespace HyperSharp.TimeSeries;

/// <summary>
/// Sep (the SIMD CSV reader) finds the rows and columns; the fields are parsed by the same code as every other rung,
/// so the values are the same doubles. Sep reads chars, so the parsers run on their <c>char</c> instantiation.
/// </summary>
internal sealed class AnomaliesSep : SyncRung<AnomaliesProblem, AnomalyReport>
{
    public override string Name => "sep";
    public override RungKind Kind => RungKind.Vectorized;
    public override string Technique => "Sep's SIMD CSV reader splits rows and columns; fields parsed by the shared parsers";

    protected override AnomalyReport Compute(AnomaliesProblem problem, RunContext context)
    {
        string path = problem.Path;
        using (Microsoft.Win32.SafeHandles.SafeFileHandle file = RowStream.Open(path))
            TimeSeriesCsv.DataStart(file, path); // the same header check and message as the other rungs
        using SepReader reader = Sep.New(',').Reader(o => o with { HasHeader = true, DisableColCountCheck = true, DisableQuotesParsing = true })
            .FromFile(path);
        var tally = new DayTally(problem.Alpha);
        var grouper = new DayGrouper();
        var dates = new DateCache();
        foreach (SepReader.Row row in reader)
        {
            if (row.ColCount == 2 && TimeSeriesCsv.TryParseDay(row[0].Span, ref dates, out long day) && TimeSeriesCsv.TryParseValue(row[1].Span, out double value))
            {
                grouper.Add(day, value, tally);
                continue;
            }
            ReadOnlySpan<char> line = row.Span;
            if (!TimeSeriesCsv.IsBlank(line))
                throw TimeSeriesCsv.RowError(path, row.LineNumberFrom, line);
        }
        grouper.Finish(tally);
        return tally.Report();
    }
}
