using System.Runtime.CompilerServices;
using HyperSharp.Kernels;

namespace HyperSharp.Diffusion;

/// <summary>
/// The update of one cell (or one register of cells), written once for every rung: next = c + (dt·D)·lap, the
/// Laplacian summed in one fixed order so that every rung performs the very same IEEE operations (bit-identical).
/// </summary>
public interface IDiffusionStencil
{
    /// <param name="up">The cell one row above (wrapped); ignored in 1D.</param>
    /// <param name="down">The cell one row below (wrapped); ignored in 1D.</param>
    /// <param name="left">The cell one column to the left (wrapped).</param>
    /// <param name="right">The cell one column to the right (wrapped).</param>
    /// <param name="centre">The cell itself.</param>
    /// <param name="k">dt·D.</param>
    static abstract T Next<T, TMath>(T up, T down, T left, T right, T centre, T k)
        where T : struct
        where TMath : struct, ILaneMath<T>;
}

/// <summary>2D: lap = ((up + down) + (left + right)) − 4·centre.</summary>
public readonly struct PlaneStencil : IDiffusionStencil
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Next<T, TMath>(T up, T down, T left, T right, T centre, T k)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        T neighbours = TMath.Add(TMath.Add(up, down), TMath.Add(left, right));
        T lap = TMath.Subtract(neighbours, TMath.Multiply(TMath.Broadcast(4.0), centre));
        return TMath.Add(centre, TMath.Multiply(k, lap));
    }
}

/// <summary>1D: lap = (left + right) − 2·centre.</summary>
public readonly struct LineStencil : IDiffusionStencil
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Next<T, TMath>(T up, T down, T left, T right, T centre, T k)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        T lap = TMath.Subtract(TMath.Add(left, right), TMath.Multiply(TMath.Broadcast(2.0), centre));
        return TMath.Add(centre, TMath.Multiply(k, lap));
    }
}

/// <summary>The scalar face of the stencils, for the reference, the in-place rung and the GPU kernel.</summary>
public static class DiffusionStep
{
    /// <summary>The next value of one cell: <see cref="LineStencil"/> when <paramref name="dims"/> is 1 (<paramref name="up"/> and <paramref name="down"/> ignored), else <see cref="PlaneStencil"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(int dims, double up, double down, double left, double right, double centre, double k) =>
        dims == 1
            ? LineStencil.Next<double, ScalarMath>(up, down, left, right, centre, k)
            : PlaneStencil.Next<double, ScalarMath>(up, down, left, right, centre, k);
}
