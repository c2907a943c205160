using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Particles;
using ILGPU;
using ILGPU.Runtime;
using EvolveKernel = System.Action<ILGPU.Index1D, ILGPU.ArrayView<double>, ILGPU.ArrayView<double>, ILGPU.ArrayView<double>, int, double>;

namespace HyperSharp.Gpu.Particles;

/// <summary>
/// One GPU thread per particle, every step inside the kernel (one launch), the step being the very
/// <see cref="ExactStep"/> the CPU rungs use. Transfers in and out are part of the timed run.
/// </summary>
public sealed class ParticlesGpu : GpuRung<ParticleProblem, ParticleState>
{
    /// <summary>One launch, one thread per particle, every step in the kernel's one loop.</summary>
    private static readonly GpuKernel<ParticleProblem, EvolveKernel> s_evolve =
        new(Evolve, p => new GpuLaunch(p.Count == 0 ? 0 : 1, p.Count, [p.Steps]));

    private readonly Lazy<EvolveKernel> _kernel = Kernel(s_evolve, static (a, k) => a.LoadAutoGroupedStreamKernel(k));

    public override IReadOnlyList<GpuKernel<ParticleProblem>> Kernels { get; } = [s_evolve];

    public override string Technique => "ILGPU kernel, one thread per particle, all steps in one launch";

    /// <summary>GPUs may fuse multiply and add (FMA), so the answer can differ from the reference by a few ulp a step.</summary>
    public override double Tolerance => 1e-12;

    protected override ParticleState Compute(ParticleProblem problem, RunContext context)
    {
        if (problem.Count == 0)
            return problem.CopyPositions();

        using MemoryBuffer1D<double, Stride1D.Dense> x = Accelerator.Allocate1D(problem.X);
        using MemoryBuffer1D<double, Stride1D.Dense> y = Accelerator.Allocate1D(problem.Y);
        using MemoryBuffer1D<double, Stride1D.Dense> w = Accelerator.Allocate1D(problem.W);
        _kernel.Value(problem.Count, x.View, y.View, w.View, problem.Steps, problem.Dt);
        return new ParticleState(x.GetAsArray1D(), y.GetAsArray1D());
    }

    private static void Evolve(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> w, int steps, double dt)
    {
        if (i >= x.Length)
            return;
        double xi = x[i], yi = y[i], dtw = dt * w[i];
        for (int s = 0; s < steps; s++)
            ExactStep.Advance<double, ScalarMath>(ref xi, ref yi, dtw);
        x[i] = xi;
        y[i] = yi;
    }
}
