namespace HyperSharp.Ladder;

/// <summary>
/// What one unit of a system's work costs the machine at least, for placing a rung against the machine's limits
/// (a roofline): the bytes an ideal implementation moves to and from memory, and the floating-point operations in the
/// formula as written (each +, −, ×, ÷ and √ one flop, a fused multiply-add two). A rung's fraction of the limit is its
/// throughput over the lower of (FMA peak ÷ flops) and (memory bandwidth ÷ bytes): the bound that binds.
/// </summary>
/// <param name="BytesPerUnit">Bytes read and written per unit of work by an ideal streaming pass (0: none).</param>
/// <param name="FlopsPerUnit">Floating-point operations per unit of work.</param>
/// <param name="Counted">How the two were counted, in words (shown beside the fraction).</param>
public sealed record WorkCost(double BytesPerUnit, double FlopsPerUnit, string Counted)
{
    /// <summary>
    /// The work's compute peak as a multiple of the measured FP64 FMA peak: 1 for float64, 2 for float32 (twice the
    /// lanes in the same registers).
    /// </summary>
    public double PeakMultiple { get; init; } = 1;

    /// <summary>Units/s the machine allows: the lower of the compute and the memory bound; and which one binds.</summary>
    /// <param name="flopsPerSecond">The measured FP64 FMA peak (scaled here by <see cref="PeakMultiple"/>).</param>
    /// <param name="bytesPerSecond">The measured memory bandwidth.</param>
    public (double UnitsPerSecond, string Bound) Attainable(double flopsPerSecond, double bytesPerSecond)
    {
        double compute = FlopsPerUnit > 0 ? flopsPerSecond * PeakMultiple / FlopsPerUnit : double.PositiveInfinity;
        double memory = BytesPerUnit > 0 ? bytesPerSecond / BytesPerUnit : double.PositiveInfinity;
        return compute <= memory ? (compute, "compute") : (memory, "memory");
    }
}
