using HyperSharp.Ladder;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace HyperSharp.Gpu;

/// <summary>
/// Where the GPU rungs run, and whether they can. Whether they can is decided by a cheap <see cref="GpuProbe"/>, so
/// listing rungs or planning a bench never starts ILGPU; the one ILGPU context and accelerator of the process are
/// created when a GPU rung first runs: the preferred GPU (CUDA or OpenCL), or ILGPU's CPU accelerator when
/// <see cref="DeviceVariable"/> is <c>cpu</c>. Without a GPU and without the variable the rungs are not available:
/// ILGPU's CPU accelerator is a way to test kernels, not a GPU to be measured.
/// </summary>
public static class GpuDevices
{
    /// <summary>Set to <c>cpu</c> to run GPU rungs on ILGPU's CPU accelerator, with or without a GPU.</summary>
    public const string DeviceVariable = "HYPERSHARP_GPU";

    /// <summary>Why GPU rungs do not run on a machine without a GPU.</summary>
    public const string NoGpuReason = "no GPU (only ILGPU's CPU accelerator; set HYPERSHARP_GPU=cpu to run it there)";

    private const string CpuAcceleratorName = "ILGPU CPU accelerator (HYPERSHARP_GPU=cpu)";

    private static readonly Lazy<GpuProbe> s_probe = new(GpuProbe.Detect, LazyThreadSafetyMode.ExecutionAndPublication);
    // Set once the accelerator exists: IsCreated reads it without touching OnDevice, which would load ILGPU.
    private static volatile bool s_created;

    /// <summary>The ILGPU-typed state, in a class of its own so that asking about GPUs (every command lists the
    /// rungs) loads no ILGPU; only a GPU rung's run, the PTX compiler and <c>hyper asm</c> do.</summary>
    private static class OnDevice
    {
        internal static readonly Lazy<Accelerator> Accelerator = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What the probe found on this machine (probed once, on first use).</summary>
    public static GpuProbe Probe => s_probe.Value;

    /// <summary>Whether <see cref="DeviceVariable"/> asks for ILGPU's CPU accelerator now.</summary>
    public static bool CpuRequested => IsCpu(Environment.GetEnvironmentVariable(DeviceVariable));

    /// <summary>Whether GPU rungs run here: <see cref="AvailabilityFor"/> of the probe and the variable. Starts nothing.</summary>
    public static Availability Availability =>
        AvailabilityFor(Probe.Found, Environment.GetEnvironmentVariable(DeviceVariable));

    /// <summary>
    /// The rule: GPU rungs run where a GPU was found, or anywhere when <paramref name="variable"/> (the value of
    /// <see cref="DeviceVariable"/>) is <c>cpu</c>; otherwise not, because <see cref="NoGpuReason"/>.
    /// </summary>
    public static Availability AvailabilityFor(bool gpuFound, string? variable) =>
        gpuFound || IsCpu(variable) ? Availability.Yes : Availability.No(NoGpuReason);

    /// <summary>Whether the accelerator exists yet, that is whether a GPU rung has run in this process.</summary>
    public static bool IsCreated => s_created;

    /// <summary>The accelerator GPU rungs run on, created (with ILGPU's context) on first use.</summary>
    /// <exception cref="SpecException">No GPU is found and <see cref="DeviceVariable"/> is not <c>cpu</c>.</exception>
    public static Accelerator Accelerator => OnDevice.Accelerator.Value;

    /// <summary>
    /// One line on the device GPU rungs run on: the accelerator itself once a GPU rung has run, else what the probe
    /// and <see cref="DeviceVariable"/> say it will be. Starts nothing.
    /// </summary>
    public static string Describe()
    {
        if (IsCreated)
            return DescribeAccelerator();
        if (CpuRequested)
            return CpuAcceleratorName;
        return Probe.Found ? Probe.Description : $"not available: {NoGpuReason}";
    }

    /// <summary>
    /// How every ILGPU context here compiles (math mode, optimisation level, assertions), apart from the accelerators it
    /// looks for: the run's context and <see cref="Ptx.PtxCompiler"/>'s, so the PTX shown is the PTX a run compiles.
    /// </summary>
    internal static Context.Builder Compilation(Context.Builder builder) =>
        builder.AutoAssertions().AutoIOOperations().Math(MathMode.Default).Optimize(OptimizationLevel.O2);

    // Not inlined: compiling Describe must not need ILGPU's types when no accelerator exists.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string DescribeAccelerator()
    {
        Accelerator a = Accelerator;
        return a.AcceleratorType == AcceleratorType.CPU
            ? CpuAcceleratorName
            : $"{a.Name.Trim()} ({a.AcceleratorType}, {a.MemorySize / (1L << 30)} GiB)";
    }

    private static bool IsCpu(string? variable) => string.Equals(variable?.Trim(), "cpu", StringComparison.OrdinalIgnoreCase);

    private static Accelerator Create()
    {
        bool cpu = CpuRequested;
        // AllAccelerators and Compilation's assertion and I/O settings are ILGPU's Default().
        Context context = Context.Create(builder => Compilation(builder.AllAccelerators()));
        Device device = cpu ? context.GetCPUDevice(0) : context.GetPreferredDevice(preferCPU: false);
        if (device.AcceleratorType == AcceleratorType.CPU && !cpu)
        {
            // The probe found a driver but ILGPU no GPU it supports: refuse rather than time the CPU as a GPU.
            context.Dispose();
            throw new SpecException(
                $"no GPU: the probe found {Probe.Description}, but ILGPU finds no GPU it can use (set {DeviceVariable}=cpu to run on ILGPU's CPU accelerator)");
        }
        Accelerator accelerator = device.CreateAccelerator(context);
        s_created = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            accelerator.Dispose();
            context.Dispose();
        };
        return accelerator;
    }
}
