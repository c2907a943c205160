using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>
/// The price of the interop boundary (Gorelick ch. 7: ctypes and cffi pay per call): the Julia set's scalar C kernel
/// called once for the whole grid, once per row and once per point, against the same loop in managed code. Every
/// native rung runs the very same C function per point on one thread, so the rungs differ only in how often they cross
/// into C, and the maxiter axis shrinks the work a call does until the crossing is most of it. The crossing's price is
/// measured directly (<see cref="InteropCrossing"/>); (time − the one-call time) / (calls − 1) checks it. Same grid, answers and work (iterations) as the julia system.
/// </summary>
public sealed class InteropLadder() : Ladder<JuliaSpec, JuliaProblem, JuliaImage>(InteropRungs)
{
    private static readonly JuliaLadder s_julia = new();

    /// <summary>Reference first: the managed loop, then the native calls from coarsest to finest.</summary>
    public static IReadOnlyList<InteropRung> InteropRungs { get; } =
        [new InteropManaged(), new InteropGrid(), new InteropRow(), new InteropPoint(suppressGCTransition: false), new InteropPoint(suppressGCTransition: true)];

    /// <inheritdoc/>
    public override string Name => "interop";
    /// <inheritdoc/>
    public override string Title => "Interop's price: the Julia set's C kernel called per grid, per row, per point (Gorelick ch. 7, ctypes/cffi)";
    /// <inheritdoc/>
    public override string Unit => "iterations/s";

    /// <inheritdoc/>
    public override SpecDeclaration<JuliaSpec> Spec { get; } =
        new SpecDeclaration<JuliaSpec>(v => new JuliaSpec(v.Int("width"), v.Int("maxiter")))
            .Integer("width", "Points along each side of the book's grid (some widths give one more).", s => s.Width, 200, 1, JuliaLadder.MaxWidth,
                axis: new SweepAxis("widths", [200], Report: [200]))
            .Integer("maxiter", "Most iterations per point: the work of one call per point.", s => s.MaxIter, 300, 1, int.MaxValue,
                axis: new SweepAxis("maxiters", [1, 10, 100, 1000], Report: [1, 10, 100, 1000]))
            .Derived("points", s => JuliaProblem.PointsAlong(s.Width));

    /// <inheritdoc/>
    protected override void Check(JuliaSpec spec) => JuliaLadder.ValidateSizes(spec, 2 * 2 * sizeof(int));

    /// <inheritdoc/>
    public override JuliaProblem Build(JuliaSpec spec) => s_julia.Build(spec);

    /// <inheritdoc/>
    public override double Work(JuliaSpec spec) => s_julia.Work(spec);

    /// <inheritdoc/>
    public override JuliaSpec ShrinkTo(JuliaSpec spec, double maxWork) => s_julia.ShrinkTo(spec, maxWork);

    /// <inheritdoc/>
    public override double Checksum(JuliaImage result) => s_julia.Checksum(result);

    /// <inheritdoc/>
    public override Fingerprint? Fingerprint(JuliaImage result) => s_julia.Fingerprint(result);

    /// <inheritdoc/>
    public override Verification Verify(JuliaImage reference, JuliaImage candidate, double tolerance) =>
        s_julia.Verify(reference, candidate, tolerance);

    /// <summary>
    /// The price of one crossing, in seconds: (<paramref name="seconds"/> − <paramref name="oneCallSeconds"/>) spread
    /// over the <paramref name="calls"/> − 1 extra calls of a rung against the one-call rung; null for fewer than 2 calls.
    /// </summary>
    public static double? SecondsPerCall(double seconds, long calls, double oneCallSeconds) =>
        calls < 2 ? null : (seconds - oneCallSeconds) / (calls - 1);
}

/// <summary>A rung of <see cref="InteropLadder"/>: one thread, and a known number of calls into C per run.</summary>
public abstract class InteropRung : JuliaRung
{
    /// <summary>Calls into the native library one run makes (0 for the managed loop).</summary>
    public abstract long Calls(JuliaProblem problem);

    /// <summary>Calls for a square grid of <paramref name="pointsAlong"/> points a side (the bench's "points").</summary>
    public long Calls(int pointsAlong) => Calls(new JuliaProblem(new double[pointsAlong], new double[pointsAlong], 1));
}
