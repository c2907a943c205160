using System.Reflection;

namespace HyperSharp.Gpu;

/// <summary>
/// One kernel of a GPU rung, declared once: the static method ILGPU compiles. The rung loads it from this declaration
/// (<see cref="GpuRung{TProblem,TResult}.Kernel{TEntry}"/>), and the PTX compiler, its test and <c>hyper asm</c> read
/// it through <see cref="IGpuRung.Kernels"/>, so no kernel is named twice.
/// </summary>
public abstract class GpuKernel
{
    private protected GpuKernel(MethodInfo method)
    {
        // ILGPU compiles static methods only; say so where the kernel is declared, not at its first launch.
        if (!method.IsStatic)
            throw new ArgumentException($"GPU kernel {method.DeclaringType?.Name}.{method.Name} must be a static method.", nameof(method));
        Method = method;
    }

    /// <summary>The static method ILGPU compiles.</summary>
    public MethodInfo Method { get; }

    /// <summary>The method's name (<c>Evolve</c>); a generic kernel's names its element types (<c>Tiled&lt;Single&gt;</c>).</summary>
    public string Name => Method.IsGenericMethod
        ? $"{Method.Name}<{string.Join(",", Method.GetGenericArguments().Select(t => t.Name))}>"
        : Method.Name;

    /// <summary>The rung's type and the method (<c>ParticlesGpu.Evolve</c>), for messages.</summary>
    public string FullName => $"{Method.DeclaringType?.Name}.{Name}";

    /// <summary>
    /// Whether the kernel chooses its own groups (its first parameter is not an index: it reads <c>Group</c> and
    /// <c>Grid</c>, as a kernel with shared-memory tiles must), rather than being grouped by ILGPU.
    /// </summary>
    public bool ExplicitlyGrouped =>
        Method.GetParameters() is not [{ ParameterType: var first }, ..] || !first.Name.StartsWith("Index", StringComparison.Ordinal) || first.Namespace != "ILGPU";

    /// <summary>The name ILGPU gives the kernel's PTX entry point.</summary>
    public string EntryName => "Kernel_" + Method.Name;

    public override string ToString() => FullName;
}

/// <summary>A kernel with its launches on a problem, for the first-order estimate of <c>hyper asm</c>.</summary>
public abstract class GpuKernel<TProblem> : GpuKernel
{
    private readonly Func<TProblem, GpuLaunch> _launch;

    private protected GpuKernel(MethodInfo method, Func<TProblem, GpuLaunch> launch)
        : base(method) => _launch = launch;

    /// <summary>How the rung launches this kernel on <paramref name="problem"/>.</summary>
    public GpuLaunch Launch(TProblem problem) => _launch(problem);
}

/// <summary>A kernel declared from its method as a delegate (<typeparamref name="TEntry"/>), which is what ILGPU's loaders take.</summary>
public sealed class GpuKernel<TProblem, TEntry>(TEntry entry, Func<TProblem, GpuLaunch> launch)
    : GpuKernel<TProblem>(entry.Method, launch)
    where TEntry : Delegate
{
    /// <summary>The kernel method, as the delegate ILGPU loads.</summary>
    public TEntry Entry { get; } = entry;
}

/// <summary>
/// How a rung launches one kernel on one problem: the counts the estimate multiplies the PTX's per-thread instruction
/// counts by.
/// </summary>
/// <param name="Launches">Kernel launches in one run.</param>
/// <param name="Threads">Threads over all those launches.</param>
/// <param name="LoopTrips">
/// For each loop of the kernel's PTX, in the order the loops begin, its mean trips per thread (per trip of the loop
/// around it, if any): one number per loop, so a change in ILGPU's code generation is noticed, not misread.
/// </param>
/// <param name="Note">What is approximate about these counts, if anything (a data-dependent loop).</param>
public sealed record GpuLaunch(long Launches, long Threads, IReadOnlyList<double> LoopTrips, string? Note = null);
