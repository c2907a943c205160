using System.Globalization;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Benchmarks;

/// <summary>
/// What <see cref="LadderBenchmarks"/> measures, planned from <see cref="Catalog.Ladders"/> alone: for every system,
/// each spec of its report sweep (the axes' <c>Report</c> values, other parameters at their report or default values,
/// as <c>hyper report</c> uses), every rung that runs here. A spec is left out whole when its reference would be too
/// slow to repeat (more than <see cref="MaxReferenceWork"/> or its own <see cref="IRung.MaxBenchWork"/>), since its
/// rows would have no baseline — and when that leaves a system no spec, its smallest is shrunk to that work (as the
/// harness shrinks a spec to verify on); a rung is left out above its own <see cref="IRung.MaxBenchWork"/> (a lesson rung).
/// </summary>
public static class LadderCases
{
    /// <summary>
    /// The most work a spec may have for its reference to be benchmarked. The harness's own line past which it no
    /// longer runs the reference on the full spec (<see cref="MeasureOptions.MaxVerifyWork"/>); here that keeps each
    /// reference run within about 2.5 s on 2 cores (particles 10⁸ particle-steps 0.6 s, primes below 10⁷ 2.5 s) and
    /// leaves out particles at 10⁵ (8 s) and diffusion at 2048² (12 s).
    /// </summary>
    public static double MaxReferenceWork => MeasureOptions.Default.MaxVerifyWork;

    /// <summary>Every case, in catalogue order: system, then spec, then rung (reference first).</summary>
    public static IReadOnlyList<LadderCase> All => s_all.Value;

    private static readonly Lazy<IReadOnlyList<LadderCase>> s_all = new(() => Catalog.Ladders.SelectMany(Plan).ToArray());

    private static readonly Lazy<Dictionary<(string, string, string), LadderCase>> s_byKey =
        new(() => All.ToDictionary(c => (c.System, c.Size, c.Rung)));

    /// <summary>The case of these parameter values, or null when none is planned (a rung of another system, say).</summary>
    public static LadderCase? Find(string system, string size, string rung) =>
        s_byKey.Value.GetValueOrDefault((system, size, rung));

    /// <summary>
    /// The case of these parameter values, planned for <paramref name="system"/> alone: what a benchmark process
    /// needs, without planning the other systems.
    /// </summary>
    public static LadderCase Get(string system, string size, string rung) =>
        Plan(Catalog.Find(system)).FirstOrDefault(c => c.Size == size && c.Rung == rung)
        ?? throw new InvalidOperationException($"no planned case {system} {size} {rung}");

    private static IEnumerable<LadderCase> Plan(ILadder ladder) => ladder.Accept(new Planner(Catalog.Ladders.ToList().IndexOf(ladder)));

    private sealed class Planner(int systemOrder) : ILadderVisitor<IEnumerable<LadderCase>>
    {
        public IEnumerable<LadderCase> Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
        {
            var cases = new List<LadderCase>();
            double limit = Math.Min(MaxReferenceWork, ladder.Reference.MaxBenchWork);
            TSpec[] specs = new LadderBench<TSpec, TProblem, TResult>(ladder).Specs(BenchSettings.Defaults(report: true)).ToArray();
            for (int s = 0; s < specs.Length; s++)
            {
                if (ladder.Work(specs[s]) <= limit)
                    Add(specs[s], s);
            }
            // Every size of the sweep too slow for its reference (matmul, search): the smallest, shrunk as the harness
            // shrinks a spec to verify, so that the system still has rows and a baseline.
            if (cases.Count == 0 && specs.Length > 0)
            {
                TSpec shrunk = ladder.ShrinkTo(specs.MinBy(ladder.Work)!, limit);
                if (ladder.Work(shrunk) <= limit)
                    Add(shrunk, specs.Length);
            }
            return cases;

            void Add(TSpec spec, int s)
            {
                double work = ladder.Work(spec);
                Dictionary<string, SpecValue> values = ladder.Spec.Values(spec);
                string size = string.Join(" ", ladder.Spec.Axes.Select(a => $"{a.Name}={values[a.Name]}"));
                IReadOnlyList<Rung<TProblem, TResult>> rungs = ladder.Rungs;
                for (int r = 0; r < rungs.Count; r++)
                {
                    if (rungs[r].Availability.IsAvailable && work <= rungs[r].MaxBenchWork)
                        cases.Add(new LadderCase<TSpec, TProblem, TResult>(ladder, spec, rungs[r], size, (systemOrder, s, r)));
                }
            }
        }
    }
}

/// <summary>One system, spec and rung of <see cref="LadderBenchmarks"/>, as its three parameters name it.</summary>
public abstract class LadderCase
{
    private protected LadderCase(string system, string size, string rung, bool isReference, (int System, int Size, int Rung) order)
    {
        System = system;
        Size = size;
        Rung = rung;
        IsReference = isReference;
        Order = order;
    }

    public string System { get; }

    /// <summary>The axes' values (<c>width=200</c>); the spec's other parameters are its report or default values.</summary>
    public string Size { get; }

    public string Rung { get; }

    /// <summary>Whether it is its system's reference rung: the baseline of its spec's rows.</summary>
    public bool IsReference { get; }

    /// <summary>Its place in the catalogue: system, spec of the sweep, rung of the ladder.</summary>
    public (int System, int Size, int Rung) Order { get; }

    /// <summary>
    /// Builds the problem and checks the rung's answer once with the ladder's oracle, throwing when it is wrong, so
    /// that a wrong rung is never timed. Untimed (the benchmark's global setup).
    /// </summary>
    public abstract LadderRun Start();

    /// <summary>The spec as <c>hyper run</c>'s options (<c>--width 200 --maxiter 300</c>): the same problem from the command line.</summary>
    public abstract IReadOnlyList<string> Arguments { get; }

    public override string ToString() => $"{System} {Size} {Rung}";
}

/// <summary>One benchmarked case in its process: the problem built and verified; stages and timed runs.</summary>
public abstract class LadderRun : IDisposable
{
    /// <summary>Untimed: prepares one run (<see cref="Rung{TProblem,TResult}.StageAsync"/>).</summary>
    public abstract void Stage();

    /// <summary>Timed: the staged run, and nothing else, as the harness times it.</summary>
    public abstract ValueTask RunAsync();

    /// <summary>Untimed: releases what the stage took.</summary>
    public abstract void Unstage();

    public abstract void Dispose();
}

internal sealed class LadderCase<TSpec, TProblem, TResult>(
    Ladder<TSpec, TProblem, TResult> ladder, TSpec spec, Rung<TProblem, TResult> rung, string size, (int, int, int) order)
    : LadderCase(ladder.Name, size, rung.Name, ReferenceEquals(rung, ladder.Reference), order)
{
    public override IReadOnlyList<string> Arguments => ladder.Spec.Arguments(spec);

    public override LadderRun Start()
    {
        ladder.Validate(spec);
        TProblem problem = Wait(ladder.BuildAsync(spec));
        try
        {
            rung.Check(problem);
            Verify(problem);
            return new Run(rung, problem);
        }
        catch
        {
            DisposeProblem(problem);
            throw;
        }
    }

    /// <summary>As <c>hyper run</c> verifies: the oracle's check, on a smaller spec where checking would take too long.</summary>
    private void Verify(TProblem problem)
    {
        Oracle<TProblem, TResult> oracle = ladder.OracleFor(rung);
        if (IsReference && oracle.NeedsReference)
            return; // the reference defines the answer; the tests check it against the book's golden cases
        TSpec checkedSpec = oracle.Shrinks ? ladder.ShrinkTo(spec, LadderCases.MaxReferenceWork) : spec;
        bool full = EqualityComparer<TSpec>.Default.Equals(checkedSpec, spec);
        TProblem checkedProblem = full ? problem : Wait(ladder.BuildAsync(checkedSpec));
        try
        {
            RunContext context = RunContext.Default;
            TResult candidate = Wait(rung.RunAsync(checkedProblem, context));
            TResult? expected = oracle.NeedsReference ? Wait(ladder.Reference.RunAsync(checkedProblem, context)) : default;
            Verification v = oracle.Check(checkedProblem, candidate, expected, rung.Tolerance);
            if (!v.Passed)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{this}: wrong answer, not benchmarked ({v.Method} oracle: {v.Measure} {v.Error:G3} > {v.Tolerance:G3})"));
            }
        }
        finally
        {
            if (!full)
                DisposeProblem(checkedProblem);
        }
    }

    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void DisposeProblem(TProblem problem)
    {
        switch (problem)
        {
            case IAsyncDisposable a:
                a.DisposeAsync().AsTask().GetAwaiter().GetResult();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }

    private sealed class Run(Rung<TProblem, TResult> rung, TProblem problem) : LadderRun
    {
        private RunStage<TResult>? _stage;
        private bool _ran;

        // Kept, so that the answer is used; read by nobody.
        private TResult? _result;

        public override void Stage()
        {
            Unstage();
            _stage = Wait(rung.StageAsync(problem, RunContext.Default));
        }

        public override ValueTask RunAsync()
        {
            // One staged run per invocation: a second would start from the state the first left (an evolved grid).
            if (_stage is null || _ran)
            {
                throw new InvalidOperationException(
                    "each run needs its own stage: run with InvocationCount=1 (BenchmarkDotNet's default with [IterationSetup])");
            }
            _ran = true;
            ValueTask<TResult> run = _stage.RunAsync(CancellationToken.None);
            // A synchronous rung has finished here: no state machine inside the timed region, as in the harness.
            if (run.IsCompletedSuccessfully)
            {
                _result = run.Result;
                return default;
            }
            return AwaitAsync(run);
        }

        private async ValueTask AwaitAsync(ValueTask<TResult> run) => _result = await run.ConfigureAwait(false);

        public override void Unstage()
        {
            RunStage<TResult>? stage = _stage;
            _stage = null;
            _ran = false;
            stage?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        public override void Dispose()
        {
            Unstage();
            GC.KeepAlive(_result);
            _result = default;
            DisposeProblem(problem);
        }
    }
}
