using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tables;

/// <summary>
/// One .NET way of doing a table's operation: how to build the structure for N elements (untimed) and the loop that
/// performs the operation k times on it (timed), returning a checksum of the answers.
/// </summary>
public sealed class Counterpart
{
    private Counterpart(string name, bool mutates, Func<int, int, object> stage, Func<object, int, long> run)
    {
        Name = name;
        Mutates = mutates;
        Stage = stage;
        Run = run;
    }

    /// <summary>What is timed, in C# (<c>List&lt;int&gt;.RemoveAt(0)</c>).</summary>
    public string Name { get; }

    /// <summary>Whether the operation changes the structure (then each timed run gets a fresh one).</summary>
    public bool Mutates { get; }

    /// <summary>Builds the structure for (N, k): N elements, room for k operations.</summary>
    internal Func<int, int, object> Stage { get; }

    /// <summary>Performs the operation k times on a staged structure; the checksum of what it gave.</summary>
    internal Func<object, int, long> Run { get; }

    public static Counterpart Of<TState>(string name, bool mutates, Func<int, int, TState> stage, Func<TState, int, long> run)
        where TState : notnull =>
        new(name, mutates, (n, k) => stage(n, k), (s, k) => run((TState)s, k));

    /// <summary>Builds and runs once, untimed: the checksum of k operations at size N (for the tests and the agreement check).</summary>
    public long Once(int n, int k) => Run(Stage(n, k), k);
}

/// <summary>The per-operation timing of a counterpart at one size.</summary>
/// <param name="N">Elements in the structure.</param>
/// <param name="Batch">Operations per timed run (k).</param>
/// <param name="Reps">Times the batch is repeated per timed run (a non-mutating batch too short for the clock).</param>
/// <param name="Micros">Per-operation µs: median, min and max over the timed runs.</param>
/// <param name="Result">The checksum one batch gave.</param>
public sealed record OperationPoint(int N, int Batch, int Reps, Statistics Micros, long? Result);

/// <summary>
/// Times counterparts through the harness's own <see cref="Timing{TResult}"/> (warm-up, repeats until a target,
/// allocation outside the clock): each is a staged rung whose stage builds the structure and whose run is the batch.
/// </summary>
public static class OperationTimer
{
    /// <summary>A timed run shorter than this is dominated by the clock's own cost (~25 ns a read).</summary>
    private const double MinRunSeconds = 20e-6;

    /// <summary>
    /// Runs every piece of <paramref name="work"/> in turn, round after round, for <paramref name="seconds"/>, then
    /// pauses. The harness's warm-up stops after MaxRepeats runs, which for a microsecond batch is far less than
    /// the ~100 ms tiered compilation waits before it promotes hot methods (the collections' own methods, a key's
    /// Equals, EqualityComparer over a user struct) to optimised code; one shared priming pays that wait once.
    /// </summary>
    public static void Prime(IReadOnlyList<Action> work, double seconds)
    {
        if (seconds <= 0 || work.Count == 0)
            return;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        int rounds = 0;
        while (rounds < 2 || System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            foreach (Action w in work)
                w();
            rounds++;
        }
        Thread.Sleep(100); // the background compiler finishes the promotions the last rounds queued
    }

    public static OperationPoint Measure(Counterpart counterpart, int n, int k, MeasureOptions options)
    {
        var rung = new OpRung(counterpart);
        int reps = 1;
        if (!counterpart.Mutates)
        {
            // Like timeit's autorange: repeat a short read-only batch until one timed run is long enough to time.
            var probe = new OpProblem(n, k, 1);
            while (reps < 1 << 20)
            {
                Timing<long> t = Timing<long>.MeasureAsync(rung, probe with { Reps = reps }, new RunContext(1), MeasureOptions.Quick)
                    .GetAwaiter().GetResult();
                if (t.Seconds[0] >= MinRunSeconds)
                    break;
                reps *= 2;
            }
        }
        Timing<long> timing = Timing<long>.MeasureAsync(rung, new OpProblem(n, k, reps), new RunContext(1), options)
            .GetAwaiter().GetResult();
        double ops = (double)k * reps;
        return new OperationPoint(n, k, reps, Statistics.Of(timing.Seconds.Select(s => s / ops * 1e6).ToArray()), timing.Result);
    }

    private sealed record OpProblem(int N, int K, int Reps);

    private sealed class OpRung(Counterpart counterpart) : StagedRung<OpProblem, object, long>
    {
        private (int N, int K, object State)? _shared;

        public override string Name => counterpart.Name;
        public override RungKind Kind => RungKind.Algorithm;
        public override string Technique => counterpart.Name;

        protected override object Stage(OpProblem problem, RunContext context)
        {
            object state;
            if (counterpart.Mutates)
                state = counterpart.Stage(problem.N, problem.K);
            else
            {
                // A read-only operation leaves the structure as it was: build it once.
                if (_shared is not { } s || s.N != problem.N || s.K != problem.K)
                    _shared = s = (problem.N, problem.K, counterpart.Stage(problem.N, problem.K));
                state = s.State;
            }
            // A full blocking collection before each timed run (as BenchmarkDotNet does): the garbage of the last run
            // and of the staging is gone, and no background collection runs on into the timed region.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return state;
        }

        protected override long Compute(object state, OpProblem problem, RunContext context)
        {
            long result = 0;
            for (int r = 0; r < problem.Reps; r++)
                result = counterpart.Run(state, problem.K);
            return result;
        }
    }
}
