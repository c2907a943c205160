namespace HyperSharp.Ladder;

/// <summary>The technique a rung applies, in the order the books teach them.</summary>
public enum RungKind
{
    Reference,
    Algorithm,
    Vectorized,
    Compiled,
    Threads,
    Processes,
    Async,
    Reactive,
    Gpu,
    Distributed,
}
