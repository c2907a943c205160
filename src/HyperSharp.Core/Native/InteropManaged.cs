using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>The baseline: the same per-point loop as the C kernel, in C# (the JIT inlines it); no boundary crossed.</summary>
public sealed class InteropManaged : InteropRung
{
    /// <inheritdoc/>
    public override string Name => "managed";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "the per-point loop in C#, one thread: no call crosses into native code";

    /// <inheritdoc/>
    public override long Calls(JuliaProblem problem) => 0;

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        JuliaScalar.Render(problem, image.Counts);
        return image;
    }
}
