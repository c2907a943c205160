namespace HyperSharp.Ladder;

/// <summary>The non-generic face of a rung: enough to list it, to pick it by name and to plan a bench.</summary>
public interface IRung
{
    /// <summary>Short name, used on the command line (<c>--rung simd</c>).</summary>
    string Name { get; }

    /// <summary>The technique it applies (reference, vectorized, threads, …).</summary>
    RungKind Kind { get; }

    /// <summary>One line: what this rung does differently from the one below it.</summary>
    string Technique { get; }

    /// <summary>Whether it runs here; checked once, cheaply (a GPU rung must not start its GPU runtime for it).</summary>
    Availability Availability { get; }

    /// <summary>
    /// Largest error allowed by the ladder's oracle, in the oracle's own measure. 0 means bit-identical (or exact).
    /// </summary>
    double Tolerance { get; }

    /// <summary>The resources of <see cref="RunContext"/> it uses; the bench sweeps their counts.</summary>
    RungResources Uses { get; }

    /// <summary>Whether it uses more than one CPU thread (up to <see cref="RunContext.MaxThreads"/>).</summary>
    bool IsParallel => Uses.HasFlag(RungResources.Threads);

    /// <summary>What it runs on, when that is not simply this CPU (a GPU's name, say).</summary>
    string? Device { get; }

    /// <summary>
    /// The most work (in the ladder's unit) the bench should give it: a lesson rung or a slow reference is left out,
    /// as a skipped row, above this. Infinity by default.
    /// </summary>
    double MaxBenchWork { get; }

    /// <summary>The spec parameter whose effect on this rung the bench sweeps (a chunk size, say), or null.</summary>
    string? Sweeps { get; }

    /// <summary>A rung that exists to show a slow technique (one task per sample): listed and measured as such.</summary>
    bool IsLesson { get; }
}

/// <summary>
/// One way of solving a ladder's problem. A run is in two parts: <see cref="StageAsync"/>, untimed, makes everything
/// the run needs that is not the technique being measured (a writable copy of the start, a connection, a warm
/// cache); the returned <see cref="RunStage{TResult}"/> is the timed run. Neither may change
/// <typeparamref name="TProblem"/>: the harness runs the same problem instance many times.
/// <para>Write a CPU rung on <see cref="SyncRung{TProblem,TResult}"/> (one method), a rung that needs a fresh
/// writable state per run on <see cref="StagedRung{TProblem,TState,TResult}"/>, an I/O rung on
/// <see cref="AsyncRung{TProblem,TResult}"/>.</para>
/// </summary>
public abstract class Rung<TProblem, TResult> : IRung
{
    /// <inheritdoc/>
    public abstract string Name { get; }
    /// <inheritdoc/>
    public abstract RungKind Kind { get; }
    /// <inheritdoc/>
    public abstract string Technique { get; }
    /// <inheritdoc/>
    public virtual Availability Availability => Availability.Yes;
    /// <inheritdoc/>
    public virtual double Tolerance => 0;
    /// <inheritdoc/>
    public virtual RungResources Uses => RungResources.None;
    /// <inheritdoc/>
    public bool IsParallel => Uses.HasFlag(RungResources.Threads);
    /// <inheritdoc/>
    public virtual string? Device => null;
    /// <inheritdoc/>
    public virtual double MaxBenchWork => double.PositiveInfinity;
    /// <inheritdoc/>
    public virtual string? Sweeps => null;
    /// <inheritdoc/>
    public virtual bool IsLesson => false;

    /// <summary>
    /// Throws a one-line <see cref="SpecException"/> when this rung cannot run <paramref name="problem"/> (a lesson
    /// rung's limit, a work queue too long); the harness asks before it times anything. Nothing by default.
    /// </summary>
    public virtual void Check(TProblem problem)
    {
    }

    /// <summary>Untimed preparation of one run; the stage it returns is the timed part.</summary>
    public abstract ValueTask<RunStage<TResult>> StageAsync(TProblem problem, RunContext context, CancellationToken cancellation = default);

    /// <summary>
    /// What the rung actually used of <paramref name="context"/>: by default the count of each resource it declares
    /// in <see cref="Uses"/> (threads 1 when it declares none). Override when it can use fewer (fewer rows than threads).
    /// </summary>
    public virtual IReadOnlyDictionary<string, int> Used(TProblem problem, RunContext context) => context.CountsOf(Uses);

    /// <summary>Stages and runs once, untimed: for tests and tools.</summary>
    public async ValueTask<TResult> RunAsync(TProblem problem, RunContext context, CancellationToken cancellation = default)
    {
        await using RunStage<TResult> stage = await StageAsync(problem, context, cancellation).ConfigureAwait(false);
        return await stage.RunAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Stages and runs once, blocking: for tests and tools.</summary>
    public TResult Run(TProblem problem, RunContext context)
    {
        ValueTask<TResult> run = RunAsync(problem, context);
        return run.IsCompletedSuccessfully ? run.Result : run.AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The timed part of one run: <see cref="RunAsync"/> once, then disposal (untimed) releases what staging took.
/// </summary>
public abstract class RunStage<TResult> : IAsyncDisposable
{
    /// <summary>Runs once (timed) and returns the answer.</summary>
    public abstract ValueTask<TResult> RunAsync(CancellationToken cancellation);

    /// <summary>Releases what staging took (untimed); nothing by default.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return default;
    }

    /// <summary>A stage made of a function, for rungs whose staging keeps nothing to release.</summary>
    public static RunStage<TResult> Of<TState>(TState state, Func<TState, TResult> run) => new Sync<TState>(state, run);

    private sealed class Sync<TState>(TState state, Func<TState, TResult> run) : RunStage<TResult>
    {
        public override ValueTask<TResult> RunAsync(CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            return new ValueTask<TResult>(run(state));
        }
    }
}

/// <summary>A synchronous rung: everything it does is timed. The shape of most CPU rungs.</summary>
public abstract class SyncRung<TProblem, TResult> : Rung<TProblem, TResult>
{
    /// <summary>Solves the problem. Must not change it.</summary>
    protected abstract TResult Compute(TProblem problem, RunContext context);

    /// <inheritdoc/>
    public sealed override ValueTask<RunStage<TResult>> StageAsync(TProblem problem, RunContext context, CancellationToken cancellation = default) =>
        new(RunStage<TResult>.Of((Rung: this, Problem: problem, Context: context), static s => s.Rung.Compute(s.Problem, s.Context)));
}

/// <summary>
/// A synchronous rung that evolves a writable state: <see cref="Stage"/> (untimed) makes it from the problem — as a
/// C program copies its input before it starts its clock — and <see cref="Compute"/> (timed) does the work.
/// </summary>
public abstract class StagedRung<TProblem, TState, TResult> : Rung<TProblem, TResult>
{
    /// <summary>Untimed: the state one run starts from (fresh copies of what it writes).</summary>
    protected abstract TState Stage(TProblem problem, RunContext context);

    /// <summary>Timed: solves the problem from <paramref name="state"/>.</summary>
    protected abstract TResult Compute(TState state, TProblem problem, RunContext context);

    /// <inheritdoc/>
    public sealed override ValueTask<RunStage<TResult>> StageAsync(TProblem problem, RunContext context, CancellationToken cancellation = default) =>
        new(RunStage<TResult>.Of((Rung: this, State: Stage(problem, context), Problem: problem, Context: context),
            static s => s.Rung.Compute(s.State, s.Problem, s.Context)));
}

/// <summary>
/// A synchronous rung that searches a structure it builds from the problem and then only reads (an index, a trie, a
/// sorted copy): <see cref="Build"/> runs once per problem instance, untimed, and every run's <see cref="Compute"/>
/// (timed) reads the same structure — rebuilding it before each run would cost seconds for nothing, and leave the
/// timed runs in the shadow of a background collection of the last one.
/// </summary>
public abstract class BuiltOnceRung<TProblem, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TBuilt, TResult> : Rung<TProblem, TResult>
    where TProblem : class
    where TBuilt : class
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TProblem, TBuilt> _built = new();

    /// <summary>Untimed, once per problem: the structure every run reads. <see cref="Compute"/> must not change it.</summary>
    protected abstract TBuilt Build(TProblem problem, RunContext context);

    /// <summary>Timed: solves the problem by reading <paramref name="built"/>.</summary>
    protected abstract TResult Compute(TBuilt built, TProblem problem, RunContext context);

    /// <inheritdoc/>
    public sealed override ValueTask<RunStage<TResult>> StageAsync(TProblem problem, RunContext context, CancellationToken cancellation = default) =>
        new(RunStage<TResult>.Of((Rung: this, Built: _built.GetValue(problem, p => Build(p, context)), Problem: problem, Context: context),
            static s => s.Rung.Compute(s.Built, s.Problem, s.Context)));
}

/// <summary>An asynchronous rung (I/O, servers, clusters): <see cref="SetupAsync"/> untimed, <see cref="ComputeAsync"/> timed.</summary>
public abstract class AsyncRung<TProblem, TResult> : Rung<TProblem, TResult>
{
    /// <summary>Untimed, before each run: open connections, warm caches. Nothing by default.</summary>
    protected virtual ValueTask SetupAsync(TProblem problem, RunContext context, CancellationToken cancellation) => default;

    /// <summary>Untimed, after each run: release what <see cref="SetupAsync"/> took. Nothing by default.</summary>
    protected virtual ValueTask TeardownAsync(TProblem problem, RunContext context) => default;

    /// <summary>Timed: solves the problem.</summary>
    protected abstract ValueTask<TResult> ComputeAsync(TProblem problem, RunContext context, CancellationToken cancellation);

    /// <inheritdoc/>
    public sealed override async ValueTask<RunStage<TResult>> StageAsync(TProblem problem, RunContext context, CancellationToken cancellation = default)
    {
        await SetupAsync(problem, context, cancellation).ConfigureAwait(false);
        return new Stage(this, problem, context);
    }

    private sealed class Stage(AsyncRung<TProblem, TResult> rung, TProblem problem, RunContext context) : RunStage<TResult>
    {
        public override ValueTask<TResult> RunAsync(CancellationToken cancellation) => rung.ComputeAsync(problem, context, cancellation);

        public override async ValueTask DisposeAsync()
        {
            await rung.TeardownAsync(problem, context).ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
