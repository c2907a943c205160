using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>The baseline: the same per-point loop as the C kernel, in C# (the JIT inlines it); no boundary crossed.</summary>
public sealed class InteropManaged : InteropRung
{
    public override string Name => "managed";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "the per-point loop in C#, one thread: no call crosses into native code";

    public override long Calls(JuliaProblem problem) => 0;

    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        JuliaScalar.Render(problem, image.Counts);
        return image;
    }
}
