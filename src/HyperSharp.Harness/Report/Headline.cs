namespace HyperSharp.Harness.Report;

/// <summary>
/// A system's answer to the first question a reader asks — how much faster, and how close to the limit? — from its
/// verified rows only: the fastest rung at the largest size where the reference ran too (else the largest size),
/// its speed-up over the reference there, its ratio to the best C and the best Python peer at that size, and its
/// fraction of the machine's limit.
/// </summary>
public sealed record Headline(string System, string Unit, RunResult Fastest, string Size, double? VsReference, RunResult? BestC, RunResult? BestPython)
{
    public static Headline? Of(BenchFile bench)
    {
        List<RunResult> ranked = bench.Results.Where(BenchTable.Ranked).ToList();
        List<RunResult> rungs = ranked.Where(r => r.Kind != "peer").ToList();
        if (rungs.Count == 0)
            return null;
        string AxesOf(RunResult r) => string.Join(", ", bench.AxisNames.Select(a => $"{a} {(r.Spec?.TryGetValue(a, out var v) == true ? v.Display() : "?")}"));
        // The largest size (by work) where the reference ran, so the speed-up is measured, not extrapolated.
        RunResult pick = rungs.Where(r => r.Kind == "reference").MaxBy(r => r.Work) ?? rungs.MaxBy(r => r.Work)!;
        string size = AxesOf(pick);
        List<RunResult> here = ranked.Where(r => AxesOf(r) == size).ToList();
        RunResult fastest = here.Where(r => r.Kind != "peer").MaxBy(r => r.Throughput)!;
        RunResult? reference = BenchTable.ReferenceFor(bench, fastest);
        RunResult? Best(params string[] implementations) =>
            here.Where(r => r.Kind == "peer" && implementations.Contains(r.Implementation)).MaxBy(r => r.Throughput);
        return new Headline(bench.System, bench.Unit, fastest, size,
            reference is null || reference == fastest ? null : fastest.Throughput / reference.Throughput,
            Best("c"), Best("python", "pypy"));
    }

    public static string[] Headers { get; } =
        ["system", "at", "fastest rung", "uses", "throughput", "vs reference", "vs best C", "vs best Python", "of the machine's limit"];

    public string[] Row() =>
    [
        System, Size, Fastest.Rung, BenchTable.Uses(Fastest), $"{Units.Si(Fastest.Throughput)} {Unit}",
        VsReference is { } r ? Units.Ratio(r) : "—",
        Versus(BestC), Versus(BestPython),
        Fastest.Limit is null ? "—" : MachineLimits.Describe(Fastest.Limit),
    ];

    private string Versus(RunResult? peer) =>
        peer is null ? "—" : $"{Units.Ratio(Fastest.Throughput / peer.Throughput)} ({peer.Rung}, {BenchTable.Uses(peer)})";
}
