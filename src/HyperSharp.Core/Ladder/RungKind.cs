namespace HyperSharp.Ladder;

/// <summary>The technique a rung applies, in the order the books teach them.</summary>
public enum RungKind
{
    /// <summary>Written for clarity: the answer the others must agree with.</summary>
    Reference,
    /// <summary>A better algorithm, data layout or formula (such a rung may also use threads).</summary>
    Algorithm,
    /// <summary>SIMD: several lanes per instruction.</summary>
    Vectorized,
    /// <summary>Several threads of one process.</summary>
    Threads,
    /// <summary>Several child processes.</summary>
    Processes,
    /// <summary>Tasks and async: work as many small tasks, or I/O with many operations in flight, on the thread pool.</summary>
    Async,
    /// <summary>A GPU kernel.</summary>
    Gpu,
    /// <summary>Compiled ahead of time outside the JIT: a C kernel called through interop (Cython's place in the books).</summary>
    Compiled,
}
