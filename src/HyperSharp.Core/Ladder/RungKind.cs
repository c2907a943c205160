namespace HyperSharp.Ladder;

/// <summary>The technique a rung applies, in the order the books teach them.</summary>
public enum RungKind
{
    /// <summary>Written for clarity: the answer the others must agree with.</summary>
    Reference,
    /// <summary>A better algorithm or data structure, still scalar and single-threaded.</summary>
    Algorithm,
    /// <summary>SIMD: several lanes per instruction.</summary>
    Vectorized,
    /// <summary>Several threads of one process.</summary>
    Threads,
    /// <summary>Several child processes.</summary>
    Processes,
    /// <summary>Asynchronous I/O: many operations in flight on few threads.</summary>
    Async,
    /// <summary>A GPU kernel.</summary>
    Gpu,
    /// <summary>Compiled ahead of time outside the JIT: a C kernel called through interop (Cython's place in the books).</summary>
    Compiled,
}
