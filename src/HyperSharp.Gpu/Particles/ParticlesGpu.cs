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
    /// <summary>
    /// Everything typed by ILGPU, in a class of its own: made on the first launch (or when <see cref="Kernels"/> is
    /// read), so that listing the rung, as every command does, loads no ILGPU.
    /// </summary>
    private static class OnDevice
    {
        /// <summary>One launch, one thread per particle, every step in the kernel's one loop.</summary>
        internal static readonly GpuKernel<ParticleProblem, EvolveKernel> Declared =
            new(Evolve, p => new GpuLaunch(p.Count == 0 ? 0 : 1, p.Count, [p.Steps]));

        internal static readonly Lazy<EvolveKernel> Launch = Kernel(Declared, static (a, k) => a.LoadAutoGroupedStreamKernel(k));
    }

    public override IReadOnlyList<GpuKernel<ParticleProblem>> Kernels => [OnDevice.Declared];

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
        OnDevice.Launch.Value(problem.Count, x.View, y.View, w.View, problem.Steps, problem.Dt);
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
