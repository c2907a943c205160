using System.Numerics;
using HyperSharp.Ladder;

namespace HyperSharp.Julia;

/// <summary>
/// Rung 0, the book's <c>calculate_z_serial_purepython</c>: lists of complex z and c, and a while loop on
/// <see cref="Complex.Abs"/>. Every other rung is checked against it.
/// </summary>
public sealed class JuliaReference : SyncRung<JuliaProblem, JuliaImage>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "System.Numerics.Complex lists zs, cs and the book's while loop on abs(z) < 2";

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaProblem problem, RunContext context)
    {
        // zs and cs as the book builds them: row by row (y outer), one complex per point.
        var zs = new Complex[problem.Pixels];
        var cs = new Complex[problem.Pixels];
        int i = 0;
        foreach (double y in problem.Ys)
        {
            foreach (double x in problem.Xs)
            {
                zs[i] = new Complex(x, y);
                cs[i] = new Complex(JuliaProblem.CReal, JuliaProblem.CImag);
                i++;
            }
        }
        return new JuliaImage(problem.Columns, problem.Rows, CalculateZSerial(problem.MaxIter, zs, cs));
    }

    /// <summary>The book's <c>calculate_z_serial_purepython</c>: per point, iterations of z = z² + c until |z| ≥ 2 or <paramref name="maxIter"/>.</summary>
    public static int[] CalculateZSerial(int maxIter, Complex[] zs, Complex[] cs)
    {
        var output = new int[zs.Length];
        for (int i = 0; i < zs.Length; i++)
        {
            int n = 0;
            Complex z = zs[i];
            Complex c = cs[i];
            while (Complex.Abs(z) < 2 && n < maxIter)
            {
                z = z * z + c;
                n++;
            }
            output[i] = n;
        }
        return output;
    }
}
