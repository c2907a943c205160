using HyperSharp.IO;
using System.Runtime.InteropServices;
using HyperSharp.Diffusion;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using SkiaSharp;

namespace HyperSharp.Harness.Diffusion;

/// <summary>
/// The picture the book draws with matplotlib's imshow: the heat of a 2D grid as a PNG, through a perceptual colour
/// map (an approximation of "inferno": black → purple → orange → pale yellow), each cell's heat relative to the hottest.
/// </summary>
public static class DiffusionImage
{
    /// <summary>Largest side of an image, in pixels; larger grids are averaged down in blocks.</summary>
    public const int MaxSide = 1024;

    // Control points of the colour map, evenly spaced in [0, 1]; colours in between are interpolated linearly.
    private static readonly (byte R, byte G, byte B)[] s_stops =
        [(0, 0, 4), (40, 11, 84), (101, 21, 110), (159, 42, 99), (212, 72, 66), (245, 125, 21), (250, 193, 39), (252, 255, 164)];

    /// <summary>Colour of <paramref name="t"/> ∈ [0, 1] (clamped; NaN is black).</summary>
    public static (byte R, byte G, byte B) Color(double t)
    {
        if (!(t > 0))
            return s_stops[0];
        double x = Math.Min(t, 1) * (s_stops.Length - 1);
        int i = Math.Min((int)x, s_stops.Length - 2);
        double f = x - i;
        (byte r0, byte g0, byte b0) = s_stops[i];
        (byte r1, byte g1, byte b1) = s_stops[i + 1];
        return ((byte)Math.Round(r0 + f * (r1 - r0)), (byte)Math.Round(g0 + f * (g1 - g0)), (byte)Math.Round(b0 + f * (b1 - b0)));
    }

    /// <summary>Averages a 2D grid down to at most <paramref name="maxSide"/> a side (blocks of ⌈size / maxSide⌉ cells).</summary>
    public static (double[] Values, int Side) Downsample(DiffusionGrid grid, int maxSide)
    {
        if (grid.Dims != 2)
            throw new SpecException("images are drawn of 2D grids only (dims 2)");
        int n = grid.Size, block = Math.Max(1, (n + maxSide - 1) / maxSide), side = (n + block - 1) / block;
        var sums = new double[side * side];
        var counts = new int[side * side];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int p = i / block * side + j / block;
                sums[p] += grid.Cells[(long)i * n + j];
                counts[p]++;
            }
        for (int p = 0; p < sums.Length; p++)
            sums[p] /= Math.Max(1, counts[p]);
        return (sums, side);
    }

    /// <summary>Evolves the book's start with the simd kernel on every core, as the threads rung does.</summary>
    public static DiffusionGrid Evolve(DiffusionSpec spec)
    {
        Catalog.Diffusion.Validate(spec);
        DiffusionProblem problem = Catalog.Diffusion.Build(spec);
        double[] cells = DiffusionKernel.Evolve((double[])problem.Initial.Clone(), new double[problem.Initial.Length],
            problem.Size, problem.Dims, problem.K, problem.Steps, Environment.ProcessorCount, SimdWidths.Best);
        return new DiffusionGrid(cells, problem.Size, problem.Dims);
    }

    /// <summary>The PNG file's bytes.</summary>
    public static byte[] Png(DiffusionGrid grid)
    {
        (double[] values, int side) = Downsample(grid, MaxSide);
        double max = values.Length == 0 ? 0 : values.Max();
        var pixels = new byte[side * side * 4];
        for (int p = 0; p < values.Length; p++)
        {
            (byte r, byte g, byte b) = Color(max > 0 ? values[p] / max : 0);
            pixels[4 * p] = r;
            pixels[4 * p + 1] = g;
            pixels[4 * p + 2] = b;
            pixels[4 * p + 3] = 255;
        }
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static void Write(DiffusionSpec spec, string path) => AtomicFile.WriteAllBytes(path, Png(Evolve(spec)));
}
