namespace HyperSharp.Diffusion;

/// <summary>
/// What the user asks for: a <paramref name="Size"/>×<paramref name="Size"/> grid (or a line of
/// <paramref name="Size"/> cells when <paramref name="Dims"/> is 1) evolved for <paramref name="Steps"/> steps.
/// The start state is the book's, deterministic in the size.
/// </summary>
public sealed record DiffusionSpec(int Size, int Steps, int Dims = 2)
{
    /// <summary>The book's diffusion coefficient.</summary>
    public const double D = 1;

    /// <summary>The book's timestep.</summary>
    public const double Dt = 0.1;

    /// <summary>The heat the book puts in its hot block.</summary>
    public const double BlockHeat = 0.005;

    /// <summary>Cells in the grid: Size² in 2D, Size in 1D.</summary>
    public long Cells => Dims == 1 ? Size : (long)Size * Size;

    /// <summary>The book's benchmark: 640×640, 500 iterations.</summary>
    public static DiffusionSpec BookBenchmark { get; } = new(640, 500);
}
