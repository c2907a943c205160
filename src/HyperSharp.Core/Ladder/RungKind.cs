namespace HyperSharp.Ladder;

/// <summary>The technique a rung applies, in the order the books teach them.</summary>
public enum RungKind
{
    Reference,
    Algorithm,
    Vectorized,
    Threads,
    Processes,
    Async,
    Gpu,
    /// <summary>Compiled ahead of time outside the JIT: a C kernel called through interop (Cython's place in the books).</summary>
    Compiled,
}
