namespace HyperSharp.Harness.Expressions;

/// <summary>A rung's answer: the expression at every element, <c>double[]</c> or <c>float[]</c>.</summary>
/// <param name="Values">The destination array.</param>
public sealed record ExprResult(Array Values)
{
    /// <summary>Σ values in float64 (NaN if any is NaN).</summary>
    public double Checksum()
    {
        double sum = 0;
        if (Values is double[] d)
            foreach (double v in d) sum += v;
        else
            foreach (float v in (float[])Values) sum += v;
        return sum;
    }

    /// <summary>
    /// The largest distance, in units in the last place, between an element and the reference's: the count of
    /// representable numbers between them (+0 and −0 are one point; two NaNs agree, a NaN and a number are infinitely
    /// apart, as are two infinities of different sign). Another type or length is infinitely wrong.
    /// </summary>
    public double UlpsFrom(ExprResult reference)
    {
        if (Values.GetType() != reference.Values.GetType() || Values.Length != reference.Values.Length)
            return double.PositiveInfinity;
        double worst = 0;
        if (Values is double[] a)
        {
            var b = (double[])reference.Values;
            for (int i = 0; i < a.Length; i++)
                worst = Math.Max(worst, Ulps(a[i], b[i]));
        }
        else
        {
            var a32 = (float[])Values;
            var b32 = (float[])reference.Values;
            for (int i = 0; i < a32.Length; i++)
                worst = Math.Max(worst, Ulps(a32[i], b32[i]));
        }
        return worst;
    }

    /// <summary>Representable doubles between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Ulps(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
            return double.IsNaN(a) && double.IsNaN(b) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(a) || double.IsInfinity(b))
            return a == b ? 0 : double.PositiveInfinity;
        return (double)Int128.Abs((Int128)Ordered(a) - Ordered(b));
    }

    /// <summary>Representable floats between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Ulps(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
            return float.IsNaN(a) && float.IsNaN(b) ? 0 : double.PositiveInfinity;
        if (float.IsInfinity(a) || float.IsInfinity(b))
            return a == b ? 0 : double.PositiveInfinity;
        return (double)Int128.Abs((Int128)Ordered(a) - Ordered(b));
    }

    // Bit patterns made monotonic in the value: negative numbers mirrored below zero, −0 onto +0.
    private static long Ordered(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : long.MinValue - bits;
    }

    private static long Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits >= 0 ? bits : int.MinValue - (long)bits;
    }
}
