namespace HyperSharp.Sketches;

/// <summary>A distinct counter over 64-bit hashes (see <see cref="SketchHash"/>): exact, KMV, HyperLogLog, UltraLogLog.</summary>
public interface IDistinctSketch
{
    /// <summary>Adds one item by its 64-bit hash.</summary>
    /// <param name="hash">A well-mixed 64-bit hash of the item.</param>
    void AddHash(ulong hash);

    /// <summary>Adds many items by their hashes: the batch path, without a call per item.</summary>
    /// <param name="hashes">Well-mixed 64-bit hashes.</param>
    void AddHashes(ReadOnlySpan<ulong> hashes);

    /// <summary>The estimated number of distinct items added.</summary>
    /// <returns>The estimate (exact for an exact counter).</returns>
    double Estimate();

    /// <summary>The sketch's theoretical relative standard error at large cardinalities (0 for an exact counter).</summary>
    double RelativeStandardError { get; }

    /// <summary>The bytes of the sketch's state (registers, values), without object headers.</summary>
    long StateBytes { get; }

    /// <summary>A short name: <c>exact</c>, <c>kmv</c>, <c>hll</c>, <c>ull</c>.</summary>
    string Kind { get; }
}

/// <summary>Adding values, bytes and text to any <see cref="IDistinctSketch"/> through <see cref="SketchHash"/>.</summary>
public static class DistinctSketchExtensions
{
    /// <summary>Adds one 64-bit value (hashed with <see cref="SketchHash.Of(ulong)"/>).</summary>
    /// <param name="sketch">The sketch.</param>
    /// <param name="value">The item.</param>
    public static void Add(this IDistinctSketch sketch, ulong value) => sketch.AddHash(SketchHash.Of(value));

    /// <summary>Adds one item by its bytes.</summary>
    /// <param name="sketch">The sketch.</param>
    /// <param name="bytes">The item's bytes.</param>
    public static void Add(this IDistinctSketch sketch, ReadOnlySpan<byte> bytes) => sketch.AddHash(SketchHash.Of(bytes));

    /// <summary>Adds one item by its text (UTF-8).</summary>
    /// <param name="sketch">The sketch.</param>
    /// <param name="text">The item.</param>
    public static void Add(this IDistinctSketch sketch, string text) => sketch.AddHash(SketchHash.Of(text.AsSpan()));

    /// <summary>Adds a span of 64-bit values, hashed in blocks on the stack and added in batches.</summary>
    /// <param name="sketch">The sketch.</param>
    /// <param name="values">The items.</param>
    public static void AddValues(this IDistinctSketch sketch, ReadOnlySpan<ulong> values)
    {
        Span<ulong> block = stackalloc ulong[256];
        while (!values.IsEmpty)
        {
            int n = Math.Min(block.Length, values.Length);
            SketchHash.OfAll(values[..n], block);
            sketch.AddHashes(block[..n]);
            values = values[n..];
        }
    }

    /// <summary>
    /// Merges <paramref name="other"/> into <paramref name="sketch"/>, both of the same kind and size (as sketches counted
    /// in parallel over parts of one input are): afterwards <paramref name="sketch"/> is the sketch of the union.
    /// </summary>
    /// <param name="sketch">The sketch merged into.</param>
    /// <param name="other">A sketch of the same kind and size; it is left as it was.</param>
    /// <exception cref="ArgumentException">The two are of different kinds or sizes.</exception>
    public static void Merge(this IDistinctSketch sketch, IDistinctSketch other)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        ArgumentNullException.ThrowIfNull(other);
        switch (sketch, other)
        {
            case (UltraLogLog a, UltraLogLog b): a.Merge(b); break;
            case (HyperLogLog a, HyperLogLog b): a.Merge(b); break;
            case (KMinimumValues a, KMinimumValues b): a.Merge(b); break;
            case (ExactDistinct a, ExactDistinct b): a.Merge(b); break;
            default: throw new ArgumentException($"cannot merge a {other.Kind} sketch into a {sketch.Kind} sketch", nameof(other));
        }
    }

    /// <summary>The half-width of the 95 % confidence interval of the estimate, as a fraction of it (1.96 standard errors).</summary>
    /// <param name="sketch">The sketch.</param>
    /// <returns>0 for an exact counter.</returns>
    public static double Error95(this IDistinctSketch sketch) => 1.96 * sketch.RelativeStandardError;
}
