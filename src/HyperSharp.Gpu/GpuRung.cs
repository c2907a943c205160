using HyperSharp.Ladder;
using ILGPU.Runtime;

namespace HyperSharp.Gpu;

/// <summary>
/// The shape of every GPU rung: named <c>gpu</c>, of kind <see cref="RungKind.Gpu"/>, using the device, available
/// where <see cref="GpuDevices.Availability"/> says (deciding it starts nothing), and running on
/// <see cref="GpuDevices.Accelerator"/>, which only a run creates. A rung declares each kernel once as a
/// <see cref="GpuKernel{TProblem,TEntry}"/>, lists them in <see cref="Kernels"/>, loads them with
/// <see cref="Kernel{TEntry}"/> and writes <see cref="SyncRung{TProblem,TResult}.Compute"/>; transfers in and out are
/// part of the timed run.
/// </summary>
public abstract class GpuRung<TProblem, TResult> : SyncRung<TProblem, TResult>, IGpuRung
{
    public sealed override string Name => "gpu";
    public sealed override RungKind Kind => RungKind.Gpu;
    public sealed override RungResources Uses => RungResources.Device;
    public sealed override Availability Availability => GpuDevices.Availability;
    public sealed override string? Device => GpuDevices.Describe();

    /// <summary>The accelerator to allocate on and synchronise; created on first use.</summary>
    protected static Accelerator Accelerator => GpuDevices.Accelerator;

    /// <summary>Every kernel the rung launches, each declared once (the PTX test and <c>hyper asm</c> read them here).</summary>
    public abstract IReadOnlyList<GpuKernel<TProblem>> Kernels { get; }

    IReadOnlyList<GpuKernel> IGpuRung.Kernels => Kernels;

    /// <summary>
    /// <paramref name="kernel"/>, compiled on first launch, not when the rung is made (the registry makes every rung to
    /// list it): <c>Kernel(s_evolve, static (a, k) =&gt; a.LoadAutoGroupedStreamKernel(k))</c>, ILGPU's loader of the
    /// kernel's arity.
    /// </summary>
    protected static Lazy<TEntry> Kernel<TEntry>(GpuKernel<TProblem, TEntry> kernel, Func<Accelerator, TEntry, TEntry> load)
        where TEntry : Delegate =>
        new(() => load(GpuDevices.Accelerator, kernel.Entry), LazyThreadSafetyMode.ExecutionAndPublication);
}
