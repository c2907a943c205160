namespace HyperSharp.Harness.Expressions;

/// <summary>What the user asks for: <paramref name="Expression"/> over arrays of <paramref name="N"/> elements of
/// <paramref name="Dtype"/>, uniform in [−1, 1), drawn from <paramref name="Seed"/>.</summary>
/// <param name="Expression">The expression (<see cref="HyperSharp.Expressions.ArrayExpression"/>'s grammar); every name is an array.</param>
/// <param name="N">Elements of each array.</param>
/// <param name="Dtype"><c>float64</c> or <c>float32</c>.</param>
/// <param name="Seed">Seed of the elements' counter stream (<see cref="Kernels.UniformStream"/>).</param>
public sealed record ExprSpec(string Expression, long N, string Dtype = ExprSpec.Float64, long Seed = ExprSpec.DefaultSeed)
{
    /// <summary>The seed when none is given.</summary>
    public const long DefaultSeed = 42;

    /// <summary>Double precision.</summary>
    public const string Float64 = "float64";

    /// <summary>Single precision.</summary>
    public const string Float32 = "float32";

    /// <summary>The expression when none is given (Gorelick ch. 6's numexpr example has the same shape).</summary>
    public const string DefaultExpression = "sqrt(x*x + y*y) * w + 1";

    /// <summary>The speed target's expression: four operations over four arrays, memory-bound.</summary>
    public const string FourOperations = "x*y + z*w + 1";
}
