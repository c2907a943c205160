using System.Globalization;
using HyperSharp.IO;
using HyperSharp.Processes;

namespace HyperSharp.Harness.Table;

/// <summary>What the talk's table says of a technique against a bottleneck.</summary>
public enum Claim
{
    /// <summary>The talk gives the cell no claim (its table has no such row).</summary>
    None,
    /// <summary>It helps.</summary>
    Helps,
    /// <summary>It helps somewhat, or it depends.</summary>
    Some,
    /// <summary>It does not help.</summary>
    NoHelp,
}

/// <summary>What the measurement says: the speed-up's interval wholly above, wholly below, or across the threshold.</summary>
public enum Measured
{
    /// <summary>Not measured (no rung, cannot run here, failed).</summary>
    None,
    /// <summary>The interval's low end is at least <see cref="MagicTable.HelpsAbove"/>.</summary>
    Helps,
    /// <summary>The interval straddles <see cref="MagicTable.HelpsAbove"/>.</summary>
    Some,
    /// <summary>The interval's high end is below <see cref="MagicTable.HelpsAbove"/>.</summary>
    NoHelp,
}

/// <summary>One cell to measure: a rung of a system against its serial reference, at the column's spec.</summary>
/// <param name="Row">The technique (threads, processes, async, simd, gpu, aot).</param>
/// <param name="Column">The bottleneck (cpu, ram, disk, network).</param>
/// <param name="System">The ladder measured; null where no system has a rung for the cell (<paramref name="Why"/> says so).</param>
/// <param name="Rung">The rung of the technique.</param>
/// <param name="Why">Why the cell is not measured, when <paramref name="System"/> is null.</param>
public sealed record CellPlan(string Row, string Column, string? System, string? Rung, string? Why = null);

/// <summary>A measured cell: the speed-up over the serial rung (median over median), its interval, the memory multiple.</summary>
/// <param name="Speedup">Reference median ÷ rung median.</param>
/// <param name="Low">The slowest it could be: the low end of the reference's median interval (99 %, else its fastest run) ÷ the high end of the rung's.</param>
/// <param name="High">The fastest: the high end of the reference's ÷ the low end of the rung's.</param>
/// <param name="MemoryMultiple">Rung's peak working set ÷ the reference's (this process only: a processes rung's children are not in it).</param>
/// <param name="Note">Why it is empty, or what it measured beside the talk's system.</param>
public sealed record TableCell(string Row, string Column, string? System, string? Rung, double? Speedup, double? Low, double? High,
    double? MemoryMultiple, string? Note, Claim Claim)
{
    /// <summary>The measurement's verdict against <see cref="MagicTable.HelpsAbove"/>.</summary>
    public Measured Measured => Speedup is null || Low is null || High is null ? Measured.None
        : Low >= MagicTable.HelpsAbove ? Measured.Helps
        : High < MagicTable.HelpsAbove ? Measured.NoHelp
        : Measured.Some;

    /// <summary>The talk said it helps and it did not, or said it does not and it did.</summary>
    public bool Disagrees => (Claim, Measured) is (Claim.Helps, Measured.NoHelp) or (Claim.NoHelp, Measured.Helps);
}

/// <summary>The measured table: every cell, and where it was measured.</summary>
public sealed record MagicTableResult(IReadOnlyList<TableCell> Cells, MachineInfo Machine, bool Quick, DateTimeOffset Created)
{
    /// <summary>The cell at a row and column.</summary>
    public TableCell Cell(string row, string column) => Cells.First(c => c.Row == row && c.Column == column);
}

/// <summary>
/// The talk's "magic table" (which technique helps which bottleneck) measured on this machine: each cell a rung of an
/// existing ladder run through <c>hyper run</c> in a process of its own, as the bench runs it, against that ladder's
/// serial reference on the same spec. CPU is the particle simulator (processes and async: Monte Carlo π, which has
/// those rungs), RAM diffusion on a grid larger than the caches, disk the lazy-pipelines CSV system (reading and
/// parsing a file of days), network the crawler against its slow server.
/// </summary>
public static class MagicTable
{
    /// <summary>A technique helps when its speed-up interval lies wholly at or above this.</summary>
    public const double HelpsAbove = 1.2;

    /// <summary>The rows, in order, with their labels.</summary>
    public static IReadOnlyList<(string Key, string Label)> Rows { get; } =
    [
        ("threads", "threads"), ("processes", "processes"), ("async", "async"), ("simd", "SIMD"), ("gpu", "GPU"),
        ("aot", "JIT tiers vs Native AOT"),
    ];

    /// <summary>The columns, in order, with their labels.</summary>
    public static IReadOnlyList<(string Key, string Label)> Columns { get; } =
        [("cpu", "CPU (particles)"), ("ram", "RAM (diffusion)"), ("disk", "disk (CSV days)"), ("network", "network (crawl)")];

    /// <summary>
    /// The talk's claims, as transcribed here from its table (threads, processes, async, PyPy, Cython × CPU, RAM, disk,
    /// network): the GIL keeps threads off the CPU but not off I/O; processes help CPU and I/O and multiply memory;
    /// async helps the network; PyPy and Cython (here: the compiled row) help the CPU and, Cython, memory. SIMD and
    /// the GPU are not in the talk's table: no claim.
    /// </summary>
    public static Claim ClaimOf(string row, string column) => (row, column) switch
    {
        ("threads", "cpu") => Claim.NoHelp,
        ("threads", "ram") => Claim.NoHelp,
        ("threads", "disk") => Claim.Helps,
        ("threads", "network") => Claim.Helps,
        ("processes", "cpu") => Claim.Helps,
        ("processes", "ram") => Claim.NoHelp,
        ("processes", "disk") => Claim.Helps,
        ("processes", "network") => Claim.Helps,
        ("async", "cpu") => Claim.NoHelp,
        ("async", "ram") => Claim.NoHelp,
        ("async", "disk") => Claim.Some,
        ("async", "network") => Claim.Helps,
        ("aot", "cpu") => Claim.Helps,
        ("aot", "ram") => Claim.Some,
        ("aot", "disk") => Claim.NoHelp,
        ("aot", "network") => Claim.NoHelp,
        _ => Claim.None,
    };

    /// <summary>Which rung measures each cell, or why none does.</summary>
    public static IReadOnlyList<CellPlan> Plan() =>
    [
        new("threads", "cpu", "particles", "threads"),
        new("processes", "cpu", "pi", "processes"),
        new("async", "cpu", "pi", "batched"),
        new("simd", "cpu", "particles", "simd"),
        new("gpu", "cpu", "particles", "gpu"),
        new("aot", "cpu", "particles", "simd"),
        new("threads", "ram", "diffusion", "threads"),
        new("processes", "ram", null, null, "diffusion has no processes rung"),
        new("async", "ram", null, null, "diffusion has no async rung"),
        new("simd", "ram", "diffusion", "simd"),
        new("gpu", "ram", "diffusion", "gpu"),
        new("aot", "ram", "diffusion", "simd"),
        new("threads", "disk", "anomalies", "threads"),
        new("processes", "disk", null, null, "the CSV system has no processes rung"),
        new("async", "disk", "anomalies", "pipelined"),
        new("simd", "disk", "anomalies", "sep"),
        new("gpu", "disk", null, null, "no GPU rung reads files"),
        new("aot", "disk", null, null, "the Native AOT worker runs Core's CPU ladders only"),
        new("threads", "network", "crawl", "threads"),
        new("processes", "network", null, null, "the crawler has no processes rung"),
        new("async", "network", "crawl", "workers"),
        new("simd", "network", null, null, "no SIMD rung waits on a network"),
        new("gpu", "network", null, null, "no GPU rung waits on a network"),
        new("aot", "network", null, null, "the Native AOT worker runs Core's CPU ladders only"),
    ];

    /// <summary>Each system's spec: the table's (seconds a run), or the quick one (checks that everything runs; figures are noise).</summary>
    public static IReadOnlyList<string> SpecOf(string system, bool quick) => (system, quick) switch
    {
        ("particles", false) => ["--count", "100000", "--time", "0.01"],
        ("particles", true) => ["--count", "500", "--time", "0.0005"],
        ("pi", false) => ["--samples", "20000000"],
        ("pi", true) => ["--samples", "100000"],
        // 2048² doubles, two grids: 64 MiB, past any last-level cache here.
        ("diffusion", false) => ["--size", "2048", "--steps", "10"],
        ("diffusion", true) => ["--size", "64", "--steps", "3"],
        ("anomalies", false) => ["--days", "20"],
        ("anomalies", true) => ["--days", "2", "--per-day", "2000"],
        ("crawl", false) => ["--requests", "1000", "--delay-ms", "10"],
        ("crawl", true) => ["--requests", "40", "--delay-ms", "1"],
        _ => throw new ArgumentOutOfRangeException(nameof(system), system, "not a system of the table"),
    };

    /// <summary>The environment variable that makes a <c>hyper run</c> child measure once (one warm-up, one timed run).</summary>
    public const string QuickVariable = "HYPERSHARP_QUICK_RUNS";

    /// <summary>Measures the cells of <paramref name="columns"/> (all when empty), each rung in a child process.</summary>
    public static MagicTableResult Measure(bool quick, IReadOnlyCollection<string> columns, Action<string> log)
    {
        foreach (string c in columns)
            if (!Columns.Any(k => k.Key == c))
                throw new HyperSharp.Ladder.SpecException($"--columns: unknown column '{c}' (columns: {string.Join(", ", Columns.Select(k => k.Key))})");
        var references = new Dictionary<string, RunResult>();
        var cells = new List<TableCell>();
        TimeSpan timeout = TimeSpan.FromMinutes(quick ? 3 : 15);
        string? previous = Environment.GetEnvironmentVariable(QuickVariable);
        if (quick)
            Environment.SetEnvironmentVariable(QuickVariable, "1");
        try
        {
            foreach (CellPlan plan in Plan().Where(p => columns.Count == 0 || columns.Contains(p.Column)))
            {
                Claim claim = ClaimOf(plan.Row, plan.Column);
                if (plan.System is null)
                {
                    cells.Add(new TableCell(plan.Row, plan.Column, null, null, null, null, null, null, plan.Why, claim));
                    continue;
                }
                if (!references.TryGetValue(plan.System, out RunResult? reference))
                {
                    log($"run  {plan.System}/serial reference");
                    references[plan.System] = reference = RunRung(plan.System, Catalog.Find(plan.System).Rungs[0].Name, quick, timeout, log);
                }
                if (plan.Row == "aot")
                {
                    cells.Add(Aot(plan, claim, quick, log));
                    continue;
                }
                log($"run  {plan.System}/{plan.Rung} ({plan.Row} × {plan.Column})");
                cells.Add(Cell(plan, claim, reference, RunRung(plan.System, plan.Rung!, quick, timeout, log)));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(QuickVariable, previous);
        }
        return new MagicTableResult(cells, MachineInfo.Current(), quick, DateTimeOffset.UtcNow);
    }

    private static RunResult RunRung(string system, string rung, bool quick, TimeSpan timeout, Action<string> log)
    {
        HyperSharp.Ladder.IRung r = Catalog.Find(system).Find(rung);
        if (!r.Availability.IsAvailable)
            return ChildProcess.Failed(system, rung, $"does not run here: {r.Availability.Reason}") with { Skipped = true };
        string[] resources = r.Uses.HasFlag(HyperSharp.Ladder.RungResources.Concurrency) ? ["--concurrency", "100"] : [];
        return ChildProcess.Run([.. ChildProcess.Self(), "run", system, "--rung", rung, .. SpecOf(system, quick), .. resources, "--json"],
            system, rung, timeout, log);
    }

    /// <summary>The cell of <paramref name="rung"/> against <paramref name="reference"/>; empty, with the reason, when either failed.</summary>
    public static TableCell Cell(CellPlan plan, Claim claim, RunResult reference, RunResult rung)
    {
        string? why = rung.Error is { } e ? (rung.Skipped == true ? e : $"failed: {e}")
            : reference.Error is { } re ? $"the reference failed: {re}"
            : rung.Verified == false ? "its answer differs from the reference's"
            : rung.Seconds <= 0 || reference.Seconds <= 0 ? "no time measured"
            : null;
        if (why is not null)
            return new TableCell(plan.Row, plan.Column, plan.System, plan.Rung, null, null, null, null, why, claim);
        // The median's 99 % interval where the run has one, else its fastest and slowest runs.
        double Min(RunResult r) => r.MedianInterval is { Lower: > 0 } ci ? ci.Lower : r.MinSeconds > 0 ? r.MinSeconds : r.Seconds;
        double Max(RunResult r) => r.MedianInterval is { Upper: > 0 } ci ? ci.Upper : r.MaxSeconds > 0 ? r.MaxSeconds : r.Seconds;
        double? memory = rung.PeakWorkingSetBytes is > 0 && reference.PeakWorkingSetBytes is > 0
            ? (double)rung.PeakWorkingSetBytes / reference.PeakWorkingSetBytes.Value : null;
        string? note = plan.Column == "cpu" && plan.System != "particles" ? $"measured on {plan.System} (particles has no {plan.Rung} rung)" : null;
        return new TableCell(plan.Row, plan.Column, plan.System, plan.Rung, reference.Seconds / rung.Seconds, Min(reference) / Max(rung),
            Max(reference) / Min(rung), memory, note, claim);
    }

    /// <summary>
    /// The compiled row: the Native AOT worker (<c>scripts/aot-vs-jit.sh</c> publishes it into
    /// <c>artifacts/aot-vs-jit/</c>) against the same worker on the JIT, on the column's SIMD rung: the speed-up is the
    /// JIT's steady median over AOT's, not over the serial rung (both are compiled code; the talk's row is PyPy against CPython).
    /// </summary>
    private static TableCell Aot(CellPlan plan, Claim claim, bool quick, Action<string> log)
    {
        string? root = PeersFolder.Find() is { } peers ? Path.GetDirectoryName(peers) : null;
        string? aot = root is null ? null : Path.Combine(root, "artifacts", "aot-vs-jit", "aot-native", "hyper-aot");
        string? jit = root is null ? null : Path.Combine(root, "artifacts", "aot-vs-jit", "jit", "hyper-aot.dll");
        if (aot is null || !File.Exists(aot) || !File.Exists(jit))
            return new TableCell(plan.Row, plan.Column, plan.System, plan.Rung, null, null, null, null,
                "not measured: run scripts/aot-vs-jit.sh first (it publishes the Native AOT worker)", claim);
        log($"run  {plan.System}/{plan.Rung} under Native AOT and the JIT");
        string runs = quick ? "2" : "10";
        string[] args = [plan.System!, "--rung", plan.Rung!, "--runs", runs, .. SpecOf(plan.System!, quick)];
        double? a = SteadyMedian([aot, .. args]), j = SteadyMedian(["dotnet", jit, .. args]);
        return a is > 0 && j is > 0
            ? new TableCell(plan.Row, plan.Column, plan.System, plan.Rung, j / a, j / a, j / a, null,
                "the JIT's steady median over Native AOT's, same rung (one process each)", claim)
            : new TableCell(plan.Row, plan.Column, plan.System, plan.Rung, null, null, null, null, "the AOT worker printed no median", claim);
    }

    private static double? SteadyMedian(IReadOnlyList<string> command)
    {
        using Subprocess child = Subprocess.Start(command);
        if (!child.WaitForExit(TimeSpan.FromMinutes(10)) || child.ExitCode != 0)
            return null;
        foreach (string field in child.ReadAllLines().LastOrDefault()?.Split(' ') ?? [])
            if (field.StartsWith("median_s=", StringComparison.Ordinal) && double.TryParse(field[9..], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
                return s;
        return null;
    }
}
