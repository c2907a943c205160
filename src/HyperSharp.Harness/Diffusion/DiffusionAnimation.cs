using HyperSharp.IO;
using System.Globalization;
using HyperSharp.Diffusion;
using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Diffusion;

/// <summary>
/// The heat spreading over time, as a self-contained HTML page (the approach of the particle animation): frames of
/// the grid sampled evenly over the run, averaged down to at most <see cref="MaxSide"/> a side, stored as bytes and
/// drawn on a canvas with the same colour map as <see cref="DiffusionImage"/>, with play/pause and a frame slider.
/// </summary>
public static class DiffusionAnimation
{
    public const int MaxFrames = 1_000;
    public const int MaxSide = 256;

    /// <summary>Bytes of heat stored in the page (frames × pixels); keeps it under ~50 MB.</summary>
    public const long MaxPixels = 32_000_000;

    /// <summary>Frames at evenly spaced steps, the first the start; each cell's heat as a byte, relative to the frame's
    /// hottest cell (the heat only spreads, so a shared scale would fade to black), with that maximum.</summary>
    public static (IReadOnlyList<byte[]> Frames, IReadOnlyList<double> Max, int Side) Frames(DiffusionSpec spec, int frames)
    {
        if (frames < 1 || frames > MaxFrames)
            throw new SpecException($"frames must be between 1 and {MaxFrames} (got {frames})");
        if (spec.Dims != 2)
            throw new SpecException("animations are drawn of 2D grids only (dims 2)");
        Catalog.Diffusion.Validate(spec);
        int bound = Math.Min(spec.Size, MaxSide);
        if ((long)bound * bound * (frames + 1) > MaxPixels)
            throw new SpecException($"{frames} frames of {bound}×{bound} is too much for a page (at most {MaxPixels:N0} pixels)");

        DiffusionProblem problem = Catalog.Diffusion.Build(spec);
        double[] grid = (double[])problem.Initial.Clone(), scratch = new double[grid.Length];
        var images = new List<byte[]>();
        var maxima = new List<double>();
        int side = 0;
        Add(grid);
        int done = 0;
        for (int f = 1; f <= frames && done < problem.Steps; f++)
        {
            // The same kernel as the threads rung advances the grid between frames.
            int target = (int)((long)problem.Steps * f / frames);
            double[] answer = DiffusionKernel.Evolve(grid, scratch, problem.Size, 2, problem.K, target - done, Environment.ProcessorCount, SimdWidths.Best);
            if (!ReferenceEquals(answer, grid))
                (grid, scratch) = (answer, grid);
            done = target;
            Add(grid);
        }
        return (images, maxima, side);

        void Add(double[] cells)
        {
            (double[] values, side) = DiffusionImage.Downsample(new DiffusionGrid(cells, problem.Size, 2), MaxSide);
            double max = values.Max();
            images.Add(values.Select(v => (byte)Math.Round(max > 0 ? 255 * v / max : 0)).ToArray());
            maxima.Add(max);
        }
    }

    public static void Write(DiffusionSpec spec, int frames, string path)
    {
        (IReadOnlyList<byte[]> images, IReadOnlyList<double> maxima, int side) = Frames(spec, frames);
        AtomicFile.WriteAllText(path, Html(spec, images, maxima, side));
    }

    public static string Html(DiffusionSpec spec, IReadOnlyList<byte[]> frames, IReadOnlyList<double> maxima, int side)
    {
        byte[] bytes = frames.SelectMany(f => f).ToArray();
        string title = $"HyperSharp diffusion: {spec.Size:N0}×{spec.Size:N0} grid, {spec.Steps:N0} steps of dt = {DiffusionSpec.Dt.ToString("R", CultureInfo.InvariantCulture)}";
        string colors = string.Join(",", Enumerable.Range(0, 256).Select(i =>
        {
            (byte r, byte g, byte b) = DiffusionImage.Color(i / 255.0);
            return $"{r},{g},{b}";
        }));
        return Template
            .Replace("{{TITLE}}", title, StringComparison.Ordinal)
            .Replace("{{SIDE}}", side.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{FRAMES}}", frames.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{STEPS}}", spec.Steps.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{MAX}}", string.Join(",", maxima.Select(m => m.ToString("G4", CultureInfo.InvariantCulture))), StringComparison.Ordinal)
            .Replace("{{COLORS}}", colors, StringComparison.Ordinal)
            .Replace("{{DATA}}", Convert.ToBase64String(bytes), StringComparison.Ordinal);
    }

    private const string Template = """
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{TITLE}}</title>
<style>
 body{font-family:system-ui,sans-serif;background:#111;color:#ddd;margin:1.5em}
 canvas{border:1px solid #333;display:block;margin:1em 0;width:640px;height:640px;image-rendering:pixelated}
 button{font-size:1em;padding:.3em 1em} input[type=range]{width:480px;vertical-align:middle}
</style></head><body>
<h2>{{TITLE}}</h2>
<p>Heat on a periodic grid (the book's start: a hot square from 40 % to 50 % of each side). Each frame is coloured
relative to its own hottest cell, black (cold) to pale yellow (hottest); the label gives that maximum.</p>
<canvas id="c" width="{{SIDE}}" height="{{SIDE}}"></canvas>
<button id="play">Pause</button> <input id="frame" type="range" min="0" max="{{FRAMES}}" value="0" step="1">
<span id="label"></span>
<script>
const S={{SIDE}}, F={{FRAMES}}, STEPS={{STEPS}}, MAX=[{{MAX}}], C=[{{COLORS}}];
const raw=Uint8Array.from(atob("{{DATA}}"),c=>c.charCodeAt(0));
const canvas=document.getElementById("c"), ctx=canvas.getContext("2d"), img=ctx.createImageData(S,S);
const slider=document.getElementById("frame"), label=document.getElementById("label"), button=document.getElementById("play");
slider.max=F-1;
let frame=0, playing=true, last=0;
function draw(f){
  const base=f*S*S;
  for(let p=0;p<S*S;p++){ const v=raw[base+p]; img.data[4*p]=C[3*v]; img.data[4*p+1]=C[3*v+1]; img.data[4*p+2]=C[3*v+2]; img.data[4*p+3]=255; }
  ctx.putImageData(img,0,0);
  const step=Math.round(STEPS*f/Math.max(1,F-1));
  label.textContent=`frame ${f+1}/${F} · step ${step.toLocaleString()} · hottest cell ${MAX[f].toExponential(3)}`;
}
function tick(t){ if(playing && t-last>40){ last=t; frame=(frame+1)%F; slider.value=frame; draw(frame); } requestAnimationFrame(tick); }
slider.oninput=()=>{ frame=+slider.value; draw(frame); };
button.onclick=()=>{ playing=!playing; button.textContent=playing?"Pause":"Play"; };
draw(0); requestAnimationFrame(tick);
</script></body></html>
""";
}
