using System.Buffers.Binary;
using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.TimeSeries;

/// <summary>
/// Lazy pipelines (Gorelick ch. 5, Lanaro ch. 2): a time-series file grouped by UTC day, each day tested for
/// normality (D'Agostino–Pearson K², as <c>scipy.stats.normaltest</c>), the anomalous days flagged — in constant
/// memory except for the reference, which holds every row as the book's list version does. The harness generates
/// the spec's file (<see cref="TimeSeriesGenerator"/>) into a temporary folder; rungs only read it. Work is counted
/// in megabytes of file (10⁶ bytes), exact from the spec because every row has the same length.
/// </summary>
public sealed class AnomaliesLadder : Ladder<TimeSeriesSpec, AnomaliesProblem, AnomalyReport>
{
    /// <summary>The largest <c>--days</c> and <c>--per-day</c> a spec may ask for.</summary>
    public const int MaxDays = 1_000_000, MaxPerDay = 10_000_000;

    /// <summary>The reference verifies other rungs on a file of at most this many megabytes (its rows fit in memory).</summary>
    public const double MaxVerifyMegabytes = 1_000;

    /// <summary>The CPU rungs.</summary>
    public AnomaliesLadder() : base(CpuRungs) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<AnomaliesProblem, AnomalyReport>> CpuRungs { get; } =
        [new AnomaliesReference(), new AnomaliesLazy(), new AnomaliesPipelined(), new AnomaliesSep(), new AnomaliesThreads()];

    /// <inheritdoc/>
    public override string Name => "anomalies";
    /// <inheritdoc/>
    public override string Title => "Lazy pipelines: a time-series CSV grouped by day, each day's normality tested (K²), in constant memory (Gorelick ch. 5)";
    /// <inheritdoc/>
    public override string Unit => "MB/s";

    /// <inheritdoc/>
    public override SpecDeclaration<TimeSeriesSpec> Spec { get; } =
        new SpecDeclaration<TimeSeriesSpec>(v => new TimeSeriesSpec(v.Int("days"), v.Int("per-day"), v.Int("anomalous"), v.Long("seed"), v.Real("alpha")))
            .Integer("days", "UTC days in the generated file (3.024 MB each at 86,400 rows a day).", s => s.Days, 10, 1, MaxDays,
                axis: new SweepAxis("days", Bench: [10, 100], Report: [10, 30]))
            .Integer("per-day", "Rows per day (86,400: one a second, as the book).", s => s.PerDay, TimeSeriesSpec.DefaultPerDay, 1, MaxPerDay)
            .Integer("anomalous", "Days drawn from a non-normal distribution (uniform or exponential).", s => s.Anomalous, 1, 0, MaxDays)
            .Integer("seed", "Seed of the values and of which days are anomalous.", s => s.Seed, 1, 0, int.MaxValue)
            .Real("alpha", "A day is anomalous when its K² p-value is below this.", s => s.Alpha, TimeSeriesSpec.DefaultAlpha, 1e-300, 1)
            .Derived("rows", s => s.Rows)
            .Derived("bytes", s => Bytes(s));

    /// <summary>
    /// The book's Python generators (CPython and PyPy, pure Python K²) and pandas' chunked reader with SciPy's
    /// normaltest. They read the rungs' file and flag the same days: checked by fingerprint.
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("timeseries", "python-generators", "generators", maxWork: 100, exact: true),
        PeerProgram.PyPy("timeseries", "pypy-generators", "generators", maxWork: 1_100, exact: true), // a 1 GB file: --days 331 is 1,001 MB
        PeerProgram.Python("timeseries", "pandas-chunked", "pandas", maxWork: 2_000, exact: true),
    ];

    /// <summary>
    /// The anomalous days of any time-series file (what <c>hyper timeseries anomalies</c> prints), with the threads
    /// rung: constant memory, every core by default. A malformed file is a one-line <see cref="SpecException"/>
    /// naming the line.
    /// </summary>
    public static AnomalyReport Analyze(string path, double alpha = TimeSeriesSpec.DefaultAlpha, int threads = 0) =>
        AnomaliesThreads.Analyze(path, alpha, threads > 0 ? threads : Environment.ProcessorCount);

    /// <summary>Bytes of the file the spec generates (exact: every row has the same length).</summary>
    public static long Bytes(TimeSeriesSpec spec) => TimeSeriesGenerator.Bytes(spec.Days, spec.PerDay);

    /// <inheritdoc/>
    protected override void Check(TimeSeriesSpec spec)
    {
        if (spec.Anomalous > spec.Days)
            throw new SpecException($"anomalous {spec.Anomalous} is more than the {spec.Days} days");
        if (spec.Rows > (1L << 40))
            throw new SpecException($"days × per-day = {spec.Rows:N0} rows, more than 2^40: give fewer days or rows per day");
        if (TimeSeriesGenerator.FirstDay + spec.Days > TimeSeriesCsv.MaxDay)
            throw new SpecException("days must end by 9999-12-31");
    }

    /// <inheritdoc/>
    public override AnomaliesProblem Build(TimeSeriesSpec spec) => AnomaliesProblem.Generate(spec);

    /// <inheritdoc/>
    public override double Work(TimeSeriesSpec spec) => Bytes(spec) / 1e6;

    /// <summary>Fewer days (at most <see cref="MaxVerifyMegabytes"/>, so the reference's rows fit in memory), the same per-day rows.</summary>
    public override TimeSeriesSpec ShrinkTo(TimeSeriesSpec spec, double maxWork)
    {
        double megabytes = Math.Min(maxWork, MaxVerifyMegabytes);
        if (Work(spec) <= megabytes)
            return spec;
        int days = (int)Math.Clamp(Math.Floor(megabytes * 1e6 / ((double)spec.PerDay * TimeSeriesGenerator.RowBytes(false))), 1, spec.Days);
        return spec with { Days = days, Anomalous = Math.Min(spec.Anomalous, days) };
    }

    /// <inheritdoc/>
    public override double Checksum(AnomalyReport result) => result.K2Sum;

    /// <summary>
    /// SHA-256 of int64 little-endian rows, days, untested days, then each anomalous day's (day since 1970-01-01,
    /// rows): the flagged days, exactly; K² itself is compared by <see cref="Verify"/> to a tolerance.
    /// </summary>
    public override Fingerprint? Fingerprint(AnomalyReport result)
    {
        long[] words = new long[3 + 2 * result.Anomalous.Count];
        words[0] = result.Rows;
        words[1] = result.Days;
        words[2] = result.Untested;
        for (int i = 0; i < result.Anomalous.Count; i++)
        {
            words[3 + 2 * i] = result.Anomalous[i].Day;
            words[4 + 2 * i] = result.Anomalous[i].Rows;
        }
        return Ladder.Fingerprint.Of(words);
    }

    /// <summary>
    /// The same rows, days and flagged days (else the error is infinite), then the largest relative difference of
    /// K² over the flagged days and of ΣK² over every tested day.
    /// </summary>
    public override Verification Verify(AnomalyReport reference, AnomalyReport candidate, double tolerance)
    {
        const string measure = "largest relative |ΔK²| (flagged days and ΣK²); ∞ if rows, days or flagged days differ";
        if (reference.Rows != candidate.Rows || reference.Days != candidate.Days || reference.Untested != candidate.Untested
            || reference.Anomalous.Count != candidate.Anomalous.Count)
            return Verification.Within(double.PositiveInfinity, tolerance, measure);
        double error = Relative(reference.K2Sum, candidate.K2Sum);
        for (int i = 0; i < reference.Anomalous.Count; i++)
        {
            AnomalousDay r = reference.Anomalous[i], c = candidate.Anomalous[i];
            if (r.Day != c.Day || r.Rows != c.Rows)
                return Verification.Within(double.PositiveInfinity, tolerance, measure);
            error = Math.Max(error, Relative(r.K2, c.K2));
        }
        return Verification.Within(error, tolerance, measure);
    }

    private static double Relative(double a, double b) => a == b ? 0 : Math.Abs(a - b) / Math.Max(Math.Abs(a), 1e-300);

    /// <summary>ΣK² within 1e-6 relative of an exact rung's (SciPy computes the moments in another order).</summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum) =>
        exactChecksum is { } exact ? Verification.Within(Relative(exact, checksum), 1e-6, "relative |ΔΣK²|") : null;

    /// <summary>The peers read the rungs' file, generated into the bench's folder once per spec.</summary>
    public override IReadOnlyList<string> PeerArguments(TimeSeriesSpec spec, Func<AnomaliesProblem> problem, string directory)
    {
        string input = Path.Combine(directory, $"series-{spec.Days}x{spec.PerDay}-{spec.Anomalous}-{spec.Seed}.csv");
        if (!File.Exists(input))
            TimeSeriesGenerator.Generate(input, spec);
        return ["--input", input];
    }
}
