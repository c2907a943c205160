namespace HyperSharp.Matmul;

/// <summary>A rung's answer: C = A·B, row-major <paramref name="M"/>×<paramref name="N"/> (<c>double[]</c> or <c>float[]</c>), from <paramref name="K"/>-term dot products.</summary>
/// <param name="C">The product.</param>
/// <param name="M">Rows.</param>
/// <param name="K">Terms in each element's dot product (the inner dimension).</param>
/// <param name="N">Columns.</param>
public sealed record MatmulResult(Array C, int M, int K, int N)
{
    /// <summary>ΣCᵢⱼ, in float64.</summary>
    public double Checksum()
    {
        double sum = 0;
        if (C is double[] d)
            foreach (double v in d) sum += v;
        else
            foreach (float v in (float[])C) sum += v;
        return sum;
    }

    /// <summary>The dtype's ε: 2⁻⁵² for float64, 2⁻²³ for float32.</summary>
    public static double EpsilonOf(string dtype) => dtype == MatmulSpec.Float32 ? MathF.BitIncrement(1f) - 1f : Math.BitIncrement(1.0) - 1.0;

    /// <summary>
    /// max |ΔCᵢⱼ| in units of K²·ε: with elements in [−1, 1), each dot product of K terms, summed in any order (fused
    /// or not), is within K·u·Σ|aᵢₖbₖⱼ| ≤ K²·u of the exact one (u = ε/2), so two correct answers differ by at most
    /// 1 unit. Another shape, type or a NaN is infinitely wrong.
    /// </summary>
    public double ErrorAgainst(MatmulResult reference)
    {
        if ((M, K, N) != (reference.M, reference.K, reference.N) || C.GetType() != reference.C.GetType())
            return double.PositiveInfinity;
        double max = 0;
        for (int i = 0; i < C.Length; i++)
        {
            double got = C is double[] d ? d[i] : ((float[])C)[i];
            double want = reference.C is double[] r ? r[i] : ((float[])reference.C)[i];
            double diff = Math.Abs(got - want);
            if (double.IsNaN(diff))
                return double.PositiveInfinity;
            max = Math.Max(max, diff);
        }
        double unit = (double)K * K * EpsilonOf(C is float[] ? MatmulSpec.Float32 : MatmulSpec.Float64);
        return max == 0 ? 0 : max / unit;
    }
}
