using HyperSharp.Harness.Tables;

namespace HyperSharp.Tests.Tables;

/// <summary>The growth-law fit on synthetic timings whose law is known.</summary>
public sealed class ComplexityTests
{
    private static readonly double[] s_wide = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000];
    private static readonly double[] s_book = [10_000, 20_000, 30_000];

    public static TheoryData<string, double> Laws => new()
    {
        { "O(1)", 0 }, { "O(log N)", 0.1 }, { "O(N)", 1 }, { "O(N log N)", 1.1 }, { "O(N²)", 2 },
    };

    private static double Law(string model, double n) => model switch
    {
        "O(1)" => 3e-7,
        "O(log N)" => 2e-8 * Math.Log(n),
        "O(N)" => 4e-10 * n,
        "O(N log N)" => 1e-11 * n * Math.Log(n),
        "O(N²)" => 1e-14 * n * n,
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    [Theory]
    [MemberData(nameof(Laws))]
    public void ExactTimings_AreFittedToTheirLaw(string model, double _)
    {
        ComplexityFit fit = Complexity.Fit(s_wide.Select(n => (n, Law(model, n))).ToArray())!;
        Assert.Equal(model, fit.Model);
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void NoisyTimings_OverAWideRange_AreFittedToTheirLaw(string model, double _)
    {
        var random = new Random(20);
        for (int trial = 0; trial < 20; trial++)
        {
            // ±3 % noise, as repeated medians on a quiet machine have.
            ComplexityFit fit = Complexity.Fit(s_wide.Select(n => (n, Law(model, n) * (1 + 0.06 * (random.NextDouble() - 0.5)))).ToArray())!;
            Assert.Equal(model, fit.Model);
        }
    }

    [Theory]
    [InlineData("O(1)", 0.0)]
    [InlineData("O(N)", 1.0)]
    [InlineData("O(N²)", 2.0)]
    public void Slope_IsTheLogLogSlope(string model, double slope) =>
        Assert.Equal(slope, Complexity.Fit(s_book.Select(n => (n, Law(model, n))).ToArray())!.Slope, 1e-9);

    [Fact]
    public void AtTheBooksSizes_LinearAndConstantAreTold()
    {
        Assert.Equal("O(N)", Complexity.Fit(s_book.Select(n => (n, Law("O(N)", n))).ToArray())!.Model);
        Assert.Equal("O(1)", Complexity.Fit(s_book.Select(n => (n, Law("O(1)", n))).ToArray())!.Model);
    }

    [Fact]
    public void TooLittleData_GivesNoFit()
    {
        Assert.Null(Complexity.Fit([(1000, 1e-6)]));
        Assert.Null(Complexity.Fit([(1000, 1e-6), (1000, 2e-6)]));
        Assert.Null(Complexity.Fit([(1000, 1e-6), (2000, 0)]));
        Assert.Null(Complexity.Fit([(1000, 1e-6), (2000, double.NaN)]));
        Assert.Null(Complexity.Fit([]));
    }
}
