using HyperSharp.Ladder;

namespace HyperSharp.Gpu;

/// <summary>
/// A rung that runs ILGPU kernels: what code over the registry (the PTX test, <c>hyper asm</c>) needs to find every
/// GPU kernel of every system without naming one.
/// </summary>
public interface IGpuRung : IRung
{
    /// <summary>The rung's kernels, each declared once.</summary>
    IReadOnlyList<GpuKernel> Kernels { get; }
}
