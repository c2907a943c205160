using HyperSharp.IO;
using System.Runtime.InteropServices;
using HyperSharp.Julia;
using SkiaSharp;

namespace HyperSharp.Harness.Julia;

/// <summary>The picture: iteration counts through a colour map, written as a PNG with SkiaSharp.</summary>
public static class JuliaPng
{
    /// <summary>Peak bytes a point costs when rendering: its count and its RGBA pixel (the PNG encoder streams).</summary>
    public const long BytesPerPoint = sizeof(int) + 4;

    /// <summary>Counts with the threaded rung's kernel, then the PNG, written atomically.</summary>
    public static void Write(JuliaSpec spec, string path)
    {
        JuliaLadder.ValidateSizes(spec, BytesPerPoint);
        JuliaProblem problem = Catalog.Julia.Build(spec);
        var counts = new int[checked(problem.Columns * problem.Rows)];
        JuliaThreads.Render(problem, counts, Environment.ProcessorCount);
        using SKBitmap bitmap = Colour(new JuliaImage(problem.Columns, problem.Rows, counts), spec.MaxIter);
        AtomicFile.Write(path, stream =>
        {
            if (!bitmap.Encode(stream, SKEncodedImageFormat.Png, 100))
                throw new IOException($"could not encode {path} as PNG");
        });
    }

    /// <summary>
    /// Overwrites <paramref name="image"/>'s counts with colours. Points that never escaped are black; the others run
    /// from deep blue through orange to white with √(count / maxiter), which spreads the many low counts over more of
    /// the map.
    /// </summary>
    public static SKBitmap Colour(JuliaImage image, int maxIter)
    {
        // A palette of at most 65,536 shades, so a huge maxiter costs no memory.
        int shades = Math.Min(maxIter, 1 << 16);
        var palette = new uint[shades];
        for (int s = 0; s < shades; s++)
            palette[s] = Ramp(Math.Sqrt((double)s / shades));
        uint inside = Rgba(0, 0, 0);

        // The counts become the pixels in place (no second array), then one copy into the bitmap.
        int[] pixels = image.Counts;
        for (int i = 0; i < pixels.Length; i++)
        {
            int n = Math.Clamp(pixels[i], 0, maxIter);
            pixels[i] = (int)(n == maxIter ? inside : palette[(int)((long)n * shades / maxIter)]);
        }
        var bitmap = new SKBitmap(new SKImageInfo(image.Columns, image.Rows, SKColorType.Rgba8888, SKAlphaType.Opaque));
        if (bitmap.RowBytes != image.Columns * 4)
            throw new InvalidOperationException("the bitmap's rows are padded; one copy would skew them");
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    // Three segments: navy → blue → orange → white.
    private static uint Ramp(double t)
    {
        ReadOnlySpan<(double T, double R, double G, double B)> stops =
            [(0, 0, 7, 40), (0.35, 32, 107, 203), (0.7, 255, 170, 0), (1, 255, 255, 235)];
        int s = 0;
        while (s < stops.Length - 2 && t > stops[s + 1].T)
            s++;
        var (t0, r0, g0, b0) = stops[s];
        var (t1, r1, g1, b1) = stops[s + 1];
        double f = Math.Clamp((t - t0) / (t1 - t0), 0, 1);
        return Rgba((byte)(r0 + f * (r1 - r0)), (byte)(g0 + f * (g1 - g0)), (byte)(b0 + f * (b1 - b0)));
    }

    // Rgba8888 in memory is R, G, B, A: little-endian uint A<<24 | B<<16 | G<<8 | R.
    private static uint Rgba(byte r, byte g, byte b) => 0xFF000000u | ((uint)b << 16) | ((uint)g << 8) | r;
}
