using System.Numerics;

namespace HyperSharp.Matmul;

/// <summary>The scalar loop orders, each C = A·B row-major (A m×k, B k×n, C m×n zeroed), every dot product summed in k order.</summary>
public static class MatmulLoops
{
    /// <summary>Tile edge of <see cref="Blocked"/>: three 64×64 float64 tiles (96 KiB) fit in L2, a row of each in L1.</summary>
    public const int Tile = 64;

    /// <summary>The textbook i-j-k: a dot product per element, B read down a column (a cache miss per term at large n).</summary>
    public static void Ijk<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                    sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
    }

    /// <summary>i-k-j: the inner loop walks a row of B and a row of C, contiguous; the same sums in the same order.</summary>
    public static void Ikj<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                T aip = a[i * k + p];
                ReadOnlySpan<T> brow = b.Slice(p * n, n);
                for (int j = 0; j < row.Length; j++)
                    row[j] += aip * brow[j];
            }
        }
    }

    /// <summary>i-k-j over <see cref="Tile"/>-sized tiles, so each tile of B is reused from cache by a tile of rows; k tiles in order, so still the same sums.</summary>
    public static void Blocked<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i0 = 0; i0 < m; i0 += Tile)
            for (int p0 = 0; p0 < k; p0 += Tile)
                for (int j0 = 0; j0 < n; j0 += Tile)
                {
                    int i1 = Math.Min(i0 + Tile, m), p1 = Math.Min(p0 + Tile, k), width = Math.Min(Tile, n - j0);
                    for (int i = i0; i < i1; i++)
                    {
                        Span<T> row = c.Slice(i * n + j0, width);
                        for (int p = p0; p < p1; p++)
                        {
                            T aip = a[i * k + p];
                            ReadOnlySpan<T> brow = b.Slice(p * n + j0, width);
                            for (int j = 0; j < row.Length; j++)
                                row[j] += aip * brow[j];
                        }
                    }
                }
    }
}
