namespace HyperSharp.Matmul;

/// <summary>What the user asks for: C = A·B for two <paramref name="Size"/>×<paramref name="Size"/> matrices of
/// <paramref name="Dtype"/> with elements uniform in [−1, 1) drawn from <paramref name="Seed"/>.</summary>
/// <param name="Size">Rows and columns of each matrix (N).</param>
/// <param name="Dtype"><c>float64</c> or <c>float32</c>.</param>
/// <param name="Seed">Seed of the elements' counter stream (<see cref="Kernels.UniformStream"/>).</param>
public sealed record MatmulSpec(int Size, string Dtype = MatmulSpec.Float64, long Seed = MatmulSpec.DefaultSeed)
{
    /// <summary>The seed when none is given.</summary>
    public const long DefaultSeed = 42;

    /// <summary>Double precision.</summary>
    public const string Float64 = "float64";

    /// <summary>Single precision (the books' Theano/TensorFlow runs).</summary>
    public const string Float32 = "float32";

    /// <summary>The book's product (Lanaro ch. 7): two 5000×5000 float32 matrices.</summary>
    public static MatmulSpec BookExample { get; } = new(5000, Float32);
}
