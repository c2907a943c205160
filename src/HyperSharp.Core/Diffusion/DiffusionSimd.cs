using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// One core, widest vectors: <see cref="DiffusionKernel"/> row by row, the interior in 512-bit registers (256/128/scalar
/// where the machine has less), the wrapped edge columns scalar; buffers kept between runs (<see cref="BufferedDiffusionRung"/>).
/// Bit-identical to the reference.
/// </summary>
public sealed class DiffusionSimd : BufferedDiffusionRung
{
    /// <inheritdoc/>
    public override string Name => "simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique =>
        $"{SimdWidths.Lanes(SimdWidths.Best) * 64}-bit vectors along each row, wrap handled at the row ends, 1 thread";

    /// <inheritdoc/>
    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles) => DiffusionKernel.Evolve(
            grid, scratch, problem.Size, problem.Dims, problem.K, problem.Steps, threads: 1, SimdWidths.Best);
}
