using System.Runtime.Intrinsics;

namespace HyperSharp.Expressions;

/// <summary>The register width a compiled expression runs at.</summary>
public enum ExpressionWidth
{
    /// <summary>The widest this CPU accelerates (<see cref="Vector512"/>, else 256, else 128 bits, else scalar).</summary>
    Best = 0,
    /// <summary>One element at a time.</summary>
    Scalar = 1,
    /// <summary>128-bit vectors (2 doubles, 4 floats).</summary>
    Vector128 = 128,
    /// <summary>256-bit vectors (4 doubles, 8 floats).</summary>
    Vector256 = 256,
    /// <summary>512-bit vectors (8 doubles, 16 floats).</summary>
    Vector512 = 512,
}

/// <summary>The widths this CPU accelerates.</summary>
public static class ExpressionWidths
{
    /// <summary>What <see cref="ExpressionWidth.Best"/> means on this CPU.</summary>
    public static ExpressionWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? ExpressionWidth.Vector512
        : Vector256.IsHardwareAccelerated ? ExpressionWidth.Vector256
        : Vector128.IsHardwareAccelerated ? ExpressionWidth.Vector128
        : ExpressionWidth.Scalar;

    /// <summary>Every width up to <see cref="Best"/>, widest first (the scalar one last).</summary>
    public static IReadOnlyList<ExpressionWidth> Supported { get; } =
        new[] { ExpressionWidth.Vector512, ExpressionWidth.Vector256, ExpressionWidth.Vector128, ExpressionWidth.Scalar }
            .Where(w => w <= Best).ToArray();

    /// <summary><paramref name="width"/> with <see cref="ExpressionWidth.Best"/> resolved.</summary>
    public static ExpressionWidth Resolve(ExpressionWidth width) => width == ExpressionWidth.Best ? Best : width;
}
