using HyperSharp.TimeSeries;

namespace HyperSharp.Tests.TimeSeries;

/// <summary>
/// K² and its p-value against SciPy's on fixed samples. The expected values were computed once with SciPy 1.10.1
/// (Debian python3-scipy, /usr/bin/python3) by <c>scipy.stats.normaltest(v)</c> on the same samples, built in Python
/// exactly as <see cref="Samples"/> builds them here (the same integer LCG, the same operations in the same order):
/// <code>
/// def lcg(seed):
///     s = seed
///     while True:
///         s = (s * 1103515245 + 12345) % 2**31
///         yield s / 2**31
/// "Ramp8": [1, 2, 3, 4, 5, 6, 7, 8000]            "Symmetric9": [-4.0 .. 4.0]
/// "Squares50": [(i*i) % 101 for i in range(50)]    "Uniform200": 200 draws of lcg(7)
/// "IrwinHall500": 500 × (sum of 12 draws of one lcg(11)) - 6
/// "Cubed300": [u*u*u for u in 300 draws of lcg(13)]
/// r = scipy.stats.normaltest(v); print(repr(float(r.statistic)), repr(float(r.pvalue)))
/// </code>
/// No Python is needed to run the tests.
/// </summary>
public sealed class NormalTestTests
{
    private static readonly (string Name, double K2, double P)[] s_scipy =
    [
        ("Ramp8", 22.95741054803778, 1.0348124379791826e-05),
        ("Symmetric9", 1.861211429108586, 0.3943147958110966), // skew exactly 0: SciPy's y = 1 guard
        ("Squares50", 23.417298617739295, 8.222392697186577e-06),
        ("Uniform200", 59.5301014543951, 1.1835938928541358e-13),
        ("IrwinHall500", 1.9990271594442623, 0.3680584287194966),
        ("Cubed300", 41.1640097410361, 1.1517251703740779e-09),
    ];

    /// <summary>Relative agreement with SciPy: its moments are two-pass NumPy sums, ours are computed in another order.</summary>
    private const double Tolerance = 1e-9;

    public static TheoryData<string> Names() => new(s_scipy.Select(s => s.Name));

    private static IEnumerable<double> Lcg(long seed)
    {
        long s = seed;
        while (true)
        {
            s = (s * 1103515245 + 12345) % (1L << 31);
            yield return s / (double)(1L << 31);
        }
    }

    internal static double[] Samples(string name)
    {
        switch (name)
        {
            case "Ramp8":
                return [1, 2, 3, 4, 5, 6, 7, 8000];
            case "Symmetric9":
                return Enumerable.Range(-4, 9).Select(i => (double)i).ToArray();
            case "Squares50":
                return Enumerable.Range(0, 50).Select(i => (double)(i * i % 101)).ToArray();
            case "Uniform200":
                return Lcg(7).Take(200).ToArray();
            case "IrwinHall500":
            {
                using IEnumerator<double> u = Lcg(11).GetEnumerator();
                var values = new double[500];
                for (int i = 0; i < values.Length; i++)
                {
                    double sum = 0;
                    for (int k = 0; k < 12; k++)
                    {
                        u.MoveNext();
                        sum += u.Current;
                    }
                    values[i] = sum - 6;
                }
                return values;
            }
            case "Cubed300":
                return Lcg(13).Take(300).Select(u => u * u * u).ToArray();
            default:
                throw new ArgumentException(name, nameof(name));
        }
    }

    private static void AssertScipy(string name, (double K2, double PValue) got)
    {
        (_, double k2, double p) = s_scipy.Single(s => s.Name == name);
        Assert.True(Math.Abs(got.K2 - k2) <= Tolerance * k2, $"{name}: K² {got.K2:R}, SciPy {k2:R}");
        Assert.True(Math.Abs(got.PValue - p) <= Tolerance * p, $"{name}: p {got.PValue:R}, SciPy {p:R}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TwoPass_Sample_MatchesScipy(string name) => AssertScipy(name, NormalTest.Of(Samples(name)));

    /// <summary>What the rungs compute: one-pass shifted power sums.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void DayMoments_Sample_MatchesScipy(string name)
    {
        double[] v = Samples(name);
        DayMoments m = DayMoments.Start(0, v[0]);
        foreach (double x in v.AsSpan(1))
            m.Add(x);
        Assert.True(m.Testable);
        AssertScipy(name, m.Test());
    }

    /// <summary>What the threads rung computes for a day cut by range boundaries: the parts' moments merged.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void DayMoments_MergedParts_MatchScipy(string name)
    {
        double[] v = Samples(name);
        foreach (int[] cuts in new[] { new[] { 1 }, [v.Length / 2], [1, 2, v.Length - 1], [3, v.Length / 3, v.Length / 2] })
        {
            DayMoments? whole = null;
            int from = 0;
            foreach (int to in cuts.Append(v.Length).Distinct().Where(c => c > 0))
            {
                if (to <= from)
                    continue;
                DayMoments part = DayMoments.Start(0, v[from]);
                foreach (double x in v.AsSpan(from + 1, to - from - 1))
                    part.Add(x);
                if (whole is { } w)
                {
                    w.Merge(part);
                    whole = w;
                }
                else
                {
                    whole = part;
                }
                from = to;
            }
            Assert.Equal(v.Length, whole!.Value.Count);
            AssertScipy(name, whole.Value.Test());
        }
    }

    [Fact]
    public void DayMoments_TooFewOrAllEqual_IsNotTestable()
    {
        DayMoments seven = DayMoments.Start(0, 1);
        for (int i = 0; i < 6; i++)
            seven.Add(i * 3.7);
        Assert.False(seven.Testable);
        DayMoments flat = DayMoments.Start(0, 0.1);
        for (int i = 0; i < 99; i++)
            flat.Add(0.1);
        Assert.False(flat.Testable);
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalTest.FromMoments(7, 1, 0, 3));
    }
}
