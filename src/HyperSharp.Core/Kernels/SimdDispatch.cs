using System.Runtime.Intrinsics;

namespace HyperSharp.Kernels;

/// <summary>
/// A loop written once over double lanes, run at a register width chosen by <see cref="SimdDispatch"/>. Implement it
/// as a (ref) struct holding the loop's arguments, so the JIT compiles <see cref="Run{T, TMath}"/> once per width with
/// every lane operation inlined, as <c>TensorPrimitives</c> does with its operator structs.
/// </summary>
/// <typeparam name="TResult">What the loop returns (for example how many elements it handled).</typeparam>
public interface ISimdKernel<out TResult>
{
    /// <summary>Runs the loop with <typeparamref name="TMath"/>'s lanes.</summary>
    TResult Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T>;
}

/// <summary>
/// <see cref="ISimdKernel{TResult}"/> for loops that also need 64-bit integer lanes of the same width (a counter-based
/// random generator feeding a floating-point test).
/// </summary>
/// <typeparam name="TResult">What the loop returns.</typeparam>
public interface ISimdWordKernel<out TResult>
{
    /// <summary>Runs the loop with <typeparamref name="TWordMath"/>'s integer lanes and <typeparamref name="TMath"/>'s double lanes.</summary>
    TResult Run<TWord, TReal, TWordMath, TMath>()
        where TWord : struct
        where TReal : struct
        where TWordMath : struct, IWordMath<TWord, TReal>
        where TMath : struct, ILaneMath<TReal>;
}

/// <summary>
/// The one place a <see cref="SimdWidth"/> becomes lane types: each case names a width's integer and double adapters,
/// and the kernel is called with them, so every width is its own specialised, fully inlined instantiation.
/// </summary>
public static class SimdDispatch
{
    /// <summary>Runs <paramref name="kernel"/> at <paramref name="width"/> (scalar for any width not listed).</summary>
    public static TResult Run<TKernel, TResult>(SimdWidth width, ref TKernel kernel)
        where TKernel : ISimdKernel<TResult>, allows ref struct
    {
        // The double-only kernel rides the same switch inside an adapter; it is copied back in case Run changed it.
        var adapter = new DoubleLanesOnly<TKernel, TResult>(kernel);
        TResult result = RunWords<DoubleLanesOnly<TKernel, TResult>, TResult>(width, ref adapter);
        kernel = adapter.Kernel;
        return result;
    }

    /// <summary>Runs <paramref name="kernel"/> at <paramref name="width"/> (scalar for any width not listed).</summary>
    public static TResult RunWords<TKernel, TResult>(SimdWidth width, ref TKernel kernel)
        where TKernel : ISimdWordKernel<TResult>, allows ref struct =>
        width switch
        {
            SimdWidth.W512 => kernel.Run<Vector512<ulong>, Vector512<double>, Vector512WordMath, Vector512Math>(),
            SimdWidth.W256 => kernel.Run<Vector256<ulong>, Vector256<double>, Vector256WordMath, Vector256Math>(),
            SimdWidth.W128 => kernel.Run<Vector128<ulong>, Vector128<double>, Vector128WordMath, Vector128Math>(),
            _ => kernel.Run<ulong, double, ScalarWordMath, ScalarMath>(),
        };

    private ref struct DoubleLanesOnly<TKernel, TResult>(TKernel kernel) : ISimdWordKernel<TResult>
        where TKernel : ISimdKernel<TResult>, allows ref struct
    {
        public TKernel Kernel = kernel;

        public TResult Run<TWord, TReal, TWordMath, TMath>()
            where TWord : struct
            where TReal : struct
            where TWordMath : struct, IWordMath<TWord, TReal>
            where TMath : struct, ILaneMath<TReal> =>
            Kernel.Run<TReal, TMath>();
    }
}
