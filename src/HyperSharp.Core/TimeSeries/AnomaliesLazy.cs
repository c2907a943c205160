using HyperSharp.Ladder;

namespace HyperSharp.TimeSeries;

/// <summary>The book's generators: rows one at a time (<c>yield</c>), grouped into days lazily, each day tested as it ends.</summary>
internal sealed class AnomaliesLazy : SyncRung<AnomaliesProblem, AnomalyReport>
{
    public override string Name => "lazy";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "IEnumerable with yield: one row at a time, days grouped lazily, constant memory";

    protected override AnomalyReport Compute(AnomaliesProblem problem, RunContext context)
    {
        var tally = new DayTally(problem.Alpha);
        foreach (DayMoments day in RowStream.Days(RowStream.Rows(problem.Path)))
            tally.Complete(day);
        return tally.Report();
    }
}
