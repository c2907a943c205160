using System.Runtime.CompilerServices;

namespace HyperSharp.Native;

/// <summary>
/// The interop boundary's price measured directly: a loop of calls to a C function that does no work
/// (<c>hp_abi_version</c>), with and without the GC-mode switch, beside the same loop of calls to an empty managed
/// method the JIT may not inline. Dividing a batch's time by its call count gives nanoseconds per crossing with no
/// work to subtract, which differences of the interop ladder's medians (microseconds apart on a busy machine) cannot.
/// </summary>
public static class InteropCrossing
{
    /// <summary>What one loop iteration calls.</summary>
    public enum Target
    {
        /// <summary>An empty managed method, never inlined: the price of a plain call, the baseline.</summary>
        Managed,

        /// <summary>The empty C function through <c>[LibraryImport]</c>: a call plus the GC-mode switch each way.</summary>
        Native,

        /// <summary>The empty C function with <c>[SuppressGCTransition]</c>: the call without the GC-mode switch.</summary>
        NativeNoTransition,
    }

    /// <summary>
    /// Makes <paramref name="calls"/> calls to <paramref name="target"/> and returns the sum of their results (so the
    /// calls cannot be removed). The native targets need <see cref="NativePeers.Availability"/> to be available.
    /// </summary>
    public static long Call(Target target, long calls)
    {
        if (target != Target.Managed)
            NativePeers.Require(NativePeers.Availability);
        return target switch
        {
            Target.Managed => Loop<ManagedCall>(calls),
            Target.Native => Loop<NativeCall>(calls),
            Target.NativeNoTransition => Loop<NoTransitionCall>(calls),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
    }

    // One compiled loop per target (a struct type argument gets its own code): the JIT binds a [SuppressGCTransition]
    // import when it compiles the method that calls it, so one body holding every call would fail for the managed
    // target too where the library is not built.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Loop<TCall>(long calls) where TCall : struct, ICall
    {
        long sum = 0;
        for (long i = 0; i < calls; i++)
            sum += TCall.Invoke();
        return sum;
    }

    private interface ICall
    {
        static abstract int Invoke();
    }

    private readonly struct ManagedCall : ICall
    {
        public static int Invoke() => Empty();
    }

    private readonly struct NativeCall : ICall
    {
        public static int Invoke() => NativeKernels.AbiVersion();
    }

    private readonly struct NoTransitionCall : ICall
    {
        public static int Invoke() => NativeKernels.AbiVersionNoTransition();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Empty() => NativePeers.AbiVersion;
}
