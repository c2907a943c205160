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
    /// <summary>Units/s the machine allows: the lower of the compute and the memory bound; and which one binds.</summary>
    public (double UnitsPerSecond, string Bound) Attainable(double flopsPerSecond, double bytesPerSecond)
    {
        double compute = FlopsPerUnit > 0 ? flopsPerSecond / FlopsPerUnit : double.PositiveInfinity;
        double memory = BytesPerUnit > 0 ? bytesPerSecond / BytesPerUnit : double.PositiveInfinity;
        return compute <= memory ? (compute, "compute") : (memory, "memory");
    }
}
