using HyperSharp.Ladder;

namespace HyperSharp.Tests.Ladder;

/// <summary>A spec declaration of every kind, its parsing, its one-line messages, defaults, derived values, With and Arguments.</summary>
public sealed class SpecDeclarationTests
{
    private sealed record Spec(long Count, double Rate, string Mode, string Numbers, long Big, int CheckEvery, string Label);

    private static SpecDeclaration<Spec> Declaration() =>
        new SpecDeclaration<Spec>(v => new Spec(v.Long("count"), v.Real("rate"), v.Text("mode"), v.Text("numbers"), v.Long("big"), v.Int("check_every"), v.Text("label")))
            .Integer("count", "Items.", s => s.Count, 10, 1, 1000)
            .Real("rate", "A fraction.", s => s.Rate, 0.5, 0, 1)
            .Choice("mode", "How.", s => s.Mode, "fast", ["fast", "exact"])
            .Text("numbers", "Whole numbers.", s => s.Numbers, "1,2", ParameterKind.WholeList)
            .Integer("big", "Up to the largest long.", s => s.Big, 0, 0, long.MaxValue)
            .Integer("check_every", "Underscore in the name.", s => s.CheckEvery, 7, 1, int.MaxValue)
            .Text("label", "Free text.", s => s.Label, "run")
            .Derived("total", s => s.Count * s.Rate);

    private static readonly SpecDeclaration<Spec> s_declaration = Declaration();
    private static readonly Spec s_default = new(10, 0.5, "fast", "1,2", 0, 7, "run");

    private static SpecParameter P(string name) => s_declaration.Find(name);

    private static string Message(string parameter, string text)
    {
        var ex = Assert.Throws<SpecException>(() => P(parameter).Parse(text));
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message;
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData(" 7 ", 7)]
    [InlineData("1_000", 1000)]
    [InlineData("+3", 3)]
    public void Integer_ParsesWholeNumbers(string text, long expected) => Assert.Equal(expected, P("count").Parse(text).Number);

    /// <summary>Every refusal says the allowed range in the user's terms, never a .NET type (Int64) or exception text.</summary>
    [Theory]
    [InlineData("1e20")]
    [InlineData("99999999999999999999")]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("")]
    public void Integer_Refused_SaysTheRange(string text)
    {
        string message = Message("count", text);
        Assert.Equal($"count takes a whole number from 1 to 1000 (got '{text}')", message);
    }

    [Fact]
    public void Integer_UpToTheLargestLong_SaysSoInWords()
    {
        string message = Message("big", "1e20");
        Assert.Contains("from 0 to 2^63 - 1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Int64", message, StringComparison.Ordinal);
        Assert.DoesNotContain("E+", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.25", 0.25)]
    [InlineData("1e-3", 0.001)]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData(" .5 ", 0.5)]
    public void Real_ParsesFiniteNumbersInRange(string text, double expected) => Assert.Equal(expected, P("rate").Parse(text).Number);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("1.0000001")]
    [InlineData("-0.1")]
    [InlineData("half")]
    [InlineData("0,5")]
    public void Real_Refused_SaysTheRange(string text) =>
        Assert.Equal($"rate takes a finite number from 0 to 1 (got '{text}')", Message("rate", text));

    [Fact]
    public void Real_WithoutUpperBound_SaysAnySize()
    {
        SpecParameter open = new SpecDeclaration<double>(v => v.Real("x")).Real("x", "Any.", x => x, 1, 0, double.MaxValue).Find("x");
        Assert.Equal("x takes a finite number from 0 to any size (got 'inf')", Assert.Throws<SpecException>(() => open.Parse("inf")).Message);
        Assert.Equal(1e300, open.Parse("1e300").Number);
    }

    [Fact]
    public void Choice_IsCaseInsensitive_AndGivesTheDeclaredSpelling()
    {
        Assert.Equal("exact", P("mode").Parse(" EXACT ").Text);
        Assert.Equal("mode takes one of fast, exact (got 'slow')", Message("mode", "slow"));
    }

    [Theory]
    [InlineData("1,2,3", "1,2,3")]
    [InlineData(" 4 , 5 ,", "4,5")]
    [InlineData("1_000", "1000")]
    [InlineData("18446744073709551615,0", "18446744073709551615,0")]
    public void WholeList_ParsesAndNormalises(string text, string expected) => Assert.Equal(expected, P("numbers").Parse(text).Text);

    [Theory]
    [InlineData(",", "separated by commas")]
    [InlineData("", "separated by commas")]
    [InlineData("1,x", "'x' is not a whole number")]
    [InlineData("-1", "negative")]
    [InlineData("18446744073709551616", "larger than 2^64 - 1")]
    public void WholeList_Refused_NamesTheParameterAndTheReason(string text, string reason)
    {
        string message = Message("numbers", text);
        Assert.StartsWith("numbers takes whole numbers from 0 to 2^64 - 1", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_RefusesOnlyEmpty()
    {
        Assert.Equal("a b", P("label").Parse(" a b ").Text);
        Assert.Equal("label takes some text (got '  ')", Message("label", "  "));
        SpecParameter path = new SpecDeclaration<string>(v => v.Text("out")).Text("out", "A file.", s => s, null, ParameterKind.Path).Find("out");
        Assert.Equal("out takes a path (got '')", Assert.Throws<SpecException>(() => path.Parse("")).Message);
    }

    [Fact]
    public void Defaults_MakeTheDefaultSpec_AndARequiredParameterMustBeGiven()
    {
        Assert.Equal(s_default, s_declaration.Default);
        var required = new SpecDeclaration<long>(v => v.Long("n")).Integer("n", "Needed.", n => n, null, 0, 10);
        Assert.Null(required.Find("n").Default);
        Assert.Equal("--n is required", Assert.Throws<SpecException>(() => required.Default).Message);
        Assert.Equal(3, required.Create(new Dictionary<string, SpecValue> { ["n"] = 3 }));
    }

    [Fact]
    public void Derived_IsDescribedButIsNoOption()
    {
        Spec spec = s_default with { Count = 4, Rate = 0.25 };
        Assert.Equal(1.0, s_declaration.Describe(spec).Single(kv => kv.Key == "total").Value.Number);
        Assert.True(P("total").IsDerived);
        Assert.DoesNotContain("total", s_declaration.Options.Select(p => p.Name));
        Assert.DoesNotContain("total", s_declaration.Values(spec).Keys);
        Assert.DoesNotContain("--total", s_declaration.Arguments(spec));
        Assert.Equal("total", s_declaration.Parameters[^1].Name);
    }

    [Fact]
    public void Parameters_ListOptionsFirstThenDerived_WhateverTheDeclarationOrder()
    {
        var declaration = new SpecDeclaration<long>(v => v.Long("a"))
            .Derived("twice", a => 2 * a)
            .Integer("a", "A.", a => a, 1, 0, 10);
        Assert.Equal(["a", "twice"], declaration.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Create_RangeChecksValuesMadeInCode()
    {
        Assert.Throws<SpecException>(() => s_declaration.Create(new Dictionary<string, SpecValue> { ["count"] = 0 }));
        Assert.Throws<SpecException>(() => s_declaration.Create(new Dictionary<string, SpecValue> { ["count"] = 2.5 }));
        Assert.Throws<SpecException>(() => s_declaration.Create(new Dictionary<string, SpecValue> { ["rate"] = double.NaN }));
        Assert.Throws<SpecException>(() => s_declaration.Create(new Dictionary<string, SpecValue> { ["mode"] = "FAST" }));
        Assert.Throws<SpecException>(() => s_declaration.Create(new Dictionary<string, SpecValue> { ["count"] = "ten" }));
    }

    [Fact]
    public void Check_RejectsASpecBuiltInCodeOutsideItsRanges()
    {
        s_declaration.Check(s_default);
        Assert.Throws<SpecException>(() => s_declaration.Check(s_default with { Count = 1001 }));
        Assert.Throws<SpecException>(() => s_declaration.Check(s_default with { Rate = double.PositiveInfinity }));
        Assert.Throws<SpecException>(() => s_declaration.Check(s_default with { Mode = "slow" }));
    }

    [Fact]
    public void With_ChangesOneParameter_AndChecksIt()
    {
        Assert.Equal(s_default with { Count = 20 }, s_declaration.With(s_default, "count", 20));
        Assert.Equal(s_default with { Mode = "exact" }, s_declaration.With(s_default, "mode", "exact"));
        Assert.Throws<SpecException>(() => s_declaration.With(s_default, "count", 0));
        Assert.Throws<ArgumentException>(() => s_declaration.With(s_default, "nope", 1));
    }

    [Fact]
    public void Arguments_AreTheOptionsAsTyped_AndParseBack()
    {
        Spec spec = s_default with { Rate = 0.1 + 0.2, Numbers = "3,18446744073709551615", Big = 1L << 52 };
        IReadOnlyList<string> arguments = s_declaration.Arguments(spec);
        Assert.Equal(
            ["--count", "10", "--rate", "0.30000000000000004", "--mode", "fast", "--numbers", "3,18446744073709551615",
             "--big", "4503599627370496", "--check-every", "7", "--label", "run"],
            arguments);
        var typed = new Dictionary<string, string>();
        for (int i = 0; i < arguments.Count; i += 2)
            typed[s_declaration.Options.Single(p => p.Option == arguments[i]).Name] = arguments[i + 1];
        Assert.Equal(spec, s_declaration.Parse(typed));
    }

    [Fact]
    public void Describe_HelpShowsRangeAndDefault()
    {
        Assert.Equal("Items. (1…1000) [default: 10]", P("count").Describe());
        Assert.Equal("How. (fast, exact) [default: fast]", P("mode").Describe());
        Assert.Equal("Up to the largest long. (0…2^63 - 1) [default: 0]", P("big").Describe());
        Assert.Equal("--check-every", P("check_every").Option);
    }

    [Fact]
    public void Declaration_TwoParametersOfOneName_AndUnknownNames_AreErrors()
    {
        Assert.Throws<ArgumentException>(() => new SpecDeclaration<long>(v => v.Long("a"))
            .Integer("a", "A.", a => a, 1, 0, 10).Integer("a", "Again.", a => a, 1, 0, 10));
        Assert.Throws<ArgumentException>(() => s_declaration.Find("nope"));
        Assert.Throws<ArgumentException>(() => s_declaration.Parse(new Dictionary<string, string> { ["nope"] = "1" }));
    }

    [Theory]
    [InlineData("abc", "'abc' is not a whole number")]
    [InlineData("-1", "-1 is negative: give whole numbers from 0 to 2^64 - 1")]
    [InlineData("18446744073709551616", "18446744073709551616 is larger than 2^64 - 1 = 18446744073709551615, the largest number allowed")]
    public void ParseWhole_Refused_SaysWhy(string text, string message) =>
        Assert.Equal(message, Assert.Throws<SpecException>(() => SpecParameter.ParseWhole(text)).Message);
}
