using HyperSharp.IO;
using System.Globalization;
using System.Text;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Harness.Particles;

/// <summary>
/// The picture a person looks at (the book uses matplotlib's FuncAnimation): the particles' positions sampled over
/// the run, played back in a self-contained HTML page with a canvas, play/pause and a frame slider.
/// </summary>
public static class ParticleAnimation
{
    public const int MaxFrames = 5_000;

    /// <summary>Positions stored in the page (frames × particles); keeps the file under ~50 MB.</summary>
    public const long MaxPoints = 4_000_000;

    /// <summary>Positions at evenly spaced steps, the first frame being the initial state: [frame][2·i] = x, [2·i+1] = y.</summary>
    public static IReadOnlyList<float[]> Frames(ParticleProblem problem, int frames)
    {
        if (frames < 1 || frames > MaxFrames)
            throw new SpecException($"frames must be between 1 and {MaxFrames} (got {frames})");
        if ((long)problem.Count * (frames + 1) > MaxPoints)
            throw new SpecException($"{problem.Count} particles × {frames} frames is too much for a page (at most {MaxPoints:N0} positions)");

        ParticleState state = problem.CopyPositions();
        double[] dtw = problem.AngularSteps();
        var result = new List<float[]> { Snapshot(state) };
        int done = 0;
        for (int f = 1; f <= frames && done < problem.Steps; f++)
        {
            // Spread the steps evenly; the same kernel as the simd rung advances the state between frames.
            int target = (int)((long)problem.Steps * f / frames);
            ParticleKernel.Evolve<ExactStep>(state.X, state.Y, dtw, target - done, SimdWidths.Best);
            done = target;
            result.Add(Snapshot(state));
        }
        return result;
    }

    public static void Write(ParticleSpec spec, int frames, string path)
    {
        ParticleProblem problem = Catalog.Particles.Build(spec);
        IReadOnlyList<float[]> positions = Frames(problem, frames);
        AtomicFile.WriteAllText(path, Html(spec, problem, positions));
    }

    public static string Html(ParticleSpec spec, ParticleProblem problem, IReadOnlyList<float[]> frames)
    {
        var bytes = new byte[frames.Count * problem.Count * 2 * sizeof(float)];
        for (int f = 0; f < frames.Count; f++)
            Buffer.BlockCopy(frames[f], 0, bytes, f * problem.Count * 2 * sizeof(float), problem.Count * 2 * sizeof(float));
        var w = new StringBuilder();
        foreach (double v in problem.W)
            w.Append(v.ToString("F3", CultureInfo.InvariantCulture)).Append(',');

        string title = $"HyperSharp particles: {spec.Count:N0} particles, time {spec.Time.ToString("G4", CultureInfo.InvariantCulture)} ({spec.Steps:N0} steps)";
        return Template
            .Replace("{{TITLE}}", title, StringComparison.Ordinal)
            .Replace("{{COUNT}}", problem.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{FRAMES}}", frames.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{STEPS}}", spec.Steps.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{DT}}", ParticleSpec.Dt.ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{W}}", w.ToString().TrimEnd(','), StringComparison.Ordinal)
            .Replace("{{DATA}}", Convert.ToBase64String(bytes), StringComparison.Ordinal);
    }

    private static float[] Snapshot(ParticleState state)
    {
        var frame = new float[state.Count * 2];
        for (int i = 0; i < state.Count; i++)
        {
            frame[2 * i] = (float)state.X[i];
            frame[2 * i + 1] = (float)state.Y[i];
        }
        return frame;
    }

    private const string Template = """
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{TITLE}}</title>
<style>
 body{font-family:system-ui,sans-serif;background:#111;color:#ddd;margin:1.5em}
 canvas{background:#000;border:1px solid #333;display:block;margin:1em 0}
 button{font-size:1em;padding:.3em 1em} input[type=range]{width:480px;vertical-align:middle}
 .legend span{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em}
</style></head><body>
<h2>{{TITLE}}</h2>
<p>Each particle turns around (0, 0) at its own angular velocity w: <span class="legend"><span style="background:#4aa3ff"></span>w &lt; 0 (clockwise)
<span style="background:#ff6b4a"></span>w &gt; 0 (counter-clockwise)</span>, brighter for larger |w|. Trails show the last frames.</p>
<canvas id="c" width="640" height="640"></canvas>
<button id="play">Pause</button> <input id="frame" type="range" min="0" max="{{FRAMES}}" value="0" step="1">
<span id="label"></span>
<script>
const N={{COUNT}}, F={{FRAMES}}, STEPS={{STEPS}}, DT={{DT}};
const W=[{{W}}];
const raw=Uint8Array.from(atob("{{DATA}}"),c=>c.charCodeAt(0));
const P=new Float32Array(raw.buffer);
const canvas=document.getElementById("c"), ctx=canvas.getContext("2d");
const slider=document.getElementById("frame"), label=document.getElementById("label"), button=document.getElementById("play");
slider.max=F-1;
let extent=1e-9; for(let i=0;i<2*N;i++) extent=Math.max(extent,Math.abs(P[i])); extent*=1.1;
const scale=canvas.width/(2*extent), wMax=Math.max(1e-9,...W.map(Math.abs));
const colors=W.map(w=>{const a=0.35+0.65*Math.abs(w)/wMax; return w<0?`rgba(74,163,255,${a})`:`rgba(255,107,74,${a})`;});
let frame=0, playing=true;
function draw(f,clear){
  ctx.fillStyle=clear?"#000":"rgba(0,0,0,0.12)"; ctx.fillRect(0,0,canvas.width,canvas.height);
  ctx.strokeStyle="#333"; ctx.beginPath(); ctx.moveTo(canvas.width/2,0); ctx.lineTo(canvas.width/2,canvas.height);
  ctx.moveTo(0,canvas.height/2); ctx.lineTo(canvas.width,canvas.height/2); ctx.stroke();
  const base=f*2*N, r=N>2000?1:2;
  for(let i=0;i<N;i++){
    const x=canvas.width/2+P[base+2*i]*scale, y=canvas.height/2-P[base+2*i+1]*scale;
    ctx.fillStyle=colors[i]; ctx.fillRect(x-r,y-r,2*r,2*r);
  }
  const step=Math.round(STEPS*f/Math.max(1,F-1));
  label.textContent=`frame ${f+1}/${F} · step ${step.toLocaleString()} · t = ${(step*DT).toFixed(5)}`;
}
function tick(){ if(playing){ frame=(frame+1)%F; slider.value=frame; draw(frame,frame===0); } requestAnimationFrame(tick); }
slider.oninput=()=>{ frame=+slider.value; draw(frame,true); };
button.onclick=()=>{ playing=!playing; button.textContent=playing?"Pause":"Play"; };
draw(0,true); requestAnimationFrame(tick);
</script></body></html>
""";
}
