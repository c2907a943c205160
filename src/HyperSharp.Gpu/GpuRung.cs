using HyperSharp.Ladder;
using ILGPU.Runtime;

namespace HyperSharp.Gpu;

/// <summary>
/// The shape of every GPU rung: named <c>gpu</c>, of kind <see cref="RungKind.Gpu"/>, using the device, available
/// where <see cref="GpuDevices.Availability"/> says (deciding it starts nothing), and running on
/// <see cref="GpuDevices.Accelerator"/>, which only a run creates. A rung declares its kernels with
/// <see cref="Kernel{TLauncher}"/> and writes <see cref="SyncRung{TProblem,TResult}.Compute"/>; transfers in and out
/// are part of the timed run.
/// </summary>
public abstract class GpuRung<TProblem, TResult> : SyncRung<TProblem, TResult>
{
    public sealed override string Name => "gpu";
    public sealed override RungKind Kind => RungKind.Gpu;
    public sealed override RungResources Uses => RungResources.Device;
    public sealed override Availability Availability => GpuDevices.Availability;
    public sealed override string? Device => GpuDevices.Describe();

    /// <summary>The accelerator to allocate on and synchronise; created on first use.</summary>
    protected static Accelerator Accelerator => GpuDevices.Accelerator;

    /// <summary>
    /// A kernel compiled on first launch, not when the rung is made (the registry makes every rung to list it):
    /// <c>Kernel(a =&gt; a.LoadAutoGroupedStreamKernel&lt;Index1D, …&gt;(Method))</c>, any launcher delegate type.
    /// </summary>
    protected static Lazy<TLauncher> Kernel<TLauncher>(Func<Accelerator, TLauncher> load)
        where TLauncher : Delegate =>
        new(() => load(GpuDevices.Accelerator), LazyThreadSafetyMode.ExecutionAndPublication);
}
