namespace HyperSharp.Ladder;

/// <summary>The non-generic face of a rung: enough to list it and to pick it by name.</summary>
public interface IRung
{
    /// <summary>Short name, used on the command line (<c>--rung simd</c>).</summary>
    string Name { get; }

    RungKind Kind { get; }

    /// <summary>One line: what this rung does differently from the one below it.</summary>
    string Technique { get; }

    /// <summary>Whether it runs here; checked once, cheaply.</summary>
    Availability Availability { get; }

    /// <summary>
    /// Largest error allowed against the reference, in the ladder's own measure. 0 means bit-identical.
    /// </summary>
    double Tolerance { get; }

    /// <summary>Whether it uses more than one CPU thread (up to <see cref="RunContext.MaxThreads"/>).</summary>
    bool IsParallel { get; }

    /// <summary>What it runs on, when that is not simply this CPU (a GPU's name, say).</summary>
    string? Device { get; }
}

/// <summary>
/// One way of solving a ladder's problem. <see cref="Run"/> must not change <typeparamref name="TProblem"/>:
/// the harness runs the same problem instance many times.
/// </summary>
public abstract class Rung<TProblem, TResult> : IRung
{
    public abstract string Name { get; }
    public abstract RungKind Kind { get; }
    public abstract string Technique { get; }
    public virtual Availability Availability => Availability.Yes;
    public virtual double Tolerance => 0;
    public virtual bool IsParallel => false;
    public virtual string? Device => null;

    public abstract TResult Run(TProblem problem, RunContext context);

    public override string ToString() => Name;
}
