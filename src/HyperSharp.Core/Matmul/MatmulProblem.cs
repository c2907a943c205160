using HyperSharp.Kernels;

namespace HyperSharp.Matmul;

/// <summary>
/// The two factors every rung receives, row-major: A is <see cref="M"/>×<see cref="K"/>, B is <see cref="K"/>×<see cref="N"/>,
/// both <c>double[]</c> or both <c>float[]</c>. Rungs never write to them.
/// </summary>
public sealed class MatmulProblem
{
    /// <summary>Two factors of the same element type, sized m×k and k×n.</summary>
    public MatmulProblem(Array a, Array b, int m, int k, int n)
    {
        if (a.GetType() != b.GetType() || a is not (double[] or float[]))
            throw new ArgumentException("A and B must be both double[] or both float[].");
        if (a.Length != (long)m * k || b.Length != (long)k * n)
            throw new ArgumentException("A must be m×k and B k×n.");
        (A, B, M, K, N) = (a, b, m, k, n);
    }

    /// <summary>The left factor, row-major m×k.</summary>
    public Array A { get; }
    /// <summary>The right factor, row-major k×n.</summary>
    public Array B { get; }
    /// <summary>Rows of A and C.</summary>
    public int M { get; }
    /// <summary>Columns of A, rows of B.</summary>
    public int K { get; }
    /// <summary>Columns of B and C.</summary>
    public int N { get; }
    /// <summary><see cref="MatmulSpec.Float32"/> or <see cref="MatmulSpec.Float64"/>.</summary>
    public string Dtype => A is float[] ? MatmulSpec.Float32 : MatmulSpec.Float64;

    /// <summary>The factors of <paramref name="spec"/>.</summary>
    public static MatmulProblem Of(MatmulSpec spec) => Random(spec.Size, spec.Size, spec.Size, spec.Dtype, spec.Seed);

    /// <summary>A = elements [0, m·k) of the stream of <paramref name="seed"/>, B the next k·n (rounded to float32 for that dtype).</summary>
    public static MatmulProblem Random(int m, int k, int n, string dtype, long seed)
    {
        double[] values = UniformStream.Doubles((long)m * k + (long)k * n, seed);
        int split = m * k;
        if (dtype == MatmulSpec.Float32)
            return new MatmulProblem(Array.ConvertAll(values[..split], v => (float)v), Array.ConvertAll(values[split..], v => (float)v), m, k, n);
        return new MatmulProblem(values[..split], values[split..], m, k, n);
    }
}
