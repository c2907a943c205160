using System.Collections.Immutable;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HyperSharp.Benchmarks;

/// <summary>
/// Makes <see cref="LadderBenchmarks"/>' parameters one row per planned case, with the reference as each size's
/// baseline: a filter keeps a (system, size, rung, method) only when <see cref="LadderCases"/> planned it and the
/// method is the baseline exactly for the reference; <see cref="LadderOrderer"/> groups rows by job, system and size
/// (BenchmarkDotNet's own orderer groups by all parameters, which would put every rung alone, without its baseline)
/// and lists them in catalogue order. The Method column is hidden: the Rung column says the same, by name.
/// </summary>
public sealed class LadderBenchmarkConfig : ManualConfig
{
    public LadderBenchmarkConfig()
    {
        AddFilter(new SimpleFilter(b => CaseOf(b) is { } c && c.IsReference == b.Descriptor.Baseline));
        Orderer = new LadderOrderer();
        HideColumns(Column.Method);
        // Sizes such as numbers=1099726899285419 are wider than the default 20 characters.
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(40);
        // The generated project builds every project the benchmark references (hyper included): on a busy machine that
        // takes longer than BenchmarkDotNet's default 2 minutes.
        WithBuildTimeout(TimeSpan.FromMinutes(20));
    }

    /// <summary>The planned case a benchmark case stands for, or null when there is none.</summary>
    internal static LadderCase? CaseOf(BenchmarkCase benchmark) =>
        benchmark.Parameters[nameof(LadderBenchmarks.Ladder)] is string system &&
        benchmark.Parameters[nameof(LadderBenchmarks.Size)] is string size &&
        benchmark.Parameters[nameof(LadderBenchmarks.Rung)] is string rung
            ? LadderCases.Find(system, size, rung)
            : null;
}

/// <summary>
/// Logical groups of one job, system and size, so that each rung's Ratio is to its own reference at the same size;
/// rows and groups in catalogue order (systems, then sizes, then rungs from the reference up).
/// </summary>
public sealed class LadderOrderer : IOrderer
{
    public bool SeparateLogicalGroups => true;

    public IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        benchmarksCase.OrderBy(Order).ThenBy(b => b.Job.DisplayInfo, StringComparer.Ordinal);

    public IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCases, Summary summary) =>
        GetExecutionOrder(benchmarksCases).GroupBy(b => GetLogicalGroupKey(benchmarksCases, b)).SelectMany(g => g);

    public string? GetHighlightGroupKey(BenchmarkCase benchmarkCase) => GroupKey(benchmarkCase);

    public string? GetLogicalGroupKey(ImmutableArray<BenchmarkCase> allBenchmarksCases, BenchmarkCase benchmarkCase) => GroupKey(benchmarkCase);

    public IEnumerable<IGrouping<string, BenchmarkCase>> GetLogicalGroupOrder(IEnumerable<IGrouping<string, BenchmarkCase>> logicalGroups,
        IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        logicalGroups.OrderBy(g => g.Min(Order));

    private static string GroupKey(BenchmarkCase b) =>
        LadderBenchmarkConfig.CaseOf(b) is { } c ? $"{b.Job.DisplayInfo}-{c.System}-{c.Size}" : b.Parameters.ValueInfo;

    private static (int, int, int) Order(BenchmarkCase b) => LadderBenchmarkConfig.CaseOf(b)?.Order ?? (int.MaxValue, 0, 0);
}
