using HyperSharp.Ladder;

namespace HyperSharp.Julia;

/// <summary>
/// A rung that fills an image of counts: the image is allocated and its pages touched before the clock starts (as
/// the C peer allocates its output once, outside its timed loop), so the timed region is the iterations alone, not
/// the page faults of a fresh 4 MB array.
/// </summary>
public abstract class JuliaRung : StagedRung<JuliaProblem, JuliaImage, JuliaImage>
{
    /// <inheritdoc/>
    protected sealed override JuliaImage Stage(JuliaProblem problem, RunContext context)
    {
        JuliaImage image = JuliaImage.For(problem);
        image.Counts.AsSpan().Fill(-1); // touch every page now; every count is written by the run
        return image;
    }
}
