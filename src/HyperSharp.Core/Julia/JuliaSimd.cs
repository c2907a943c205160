using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Julia;

/// <summary>
/// One core, widest vectors: <see cref="JuliaKernel"/> row by row, 512-bit where the machine has AVX-512, else
/// 256/128/scalar. Counts identical to the reference's.
/// </summary>
public sealed class JuliaSimd : JuliaRung
{
    /// <inheritdoc/>
    public override string Name => "simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique =>
        $"{SimdWidths.Lanes(SimdWidths.Best) * 64}-bit masked lanes, {JuliaKernel.Interleave} registers in flight, 1 thread";

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        for (int row = 0; row < problem.Rows; row++)
            JuliaKernel.Row(problem.Xs, problem.Ys[row], problem.MaxIter,
                image.Counts.AsSpan(row * problem.Columns, problem.Columns), SimdWidths.Best);
        return image;
    }
}
