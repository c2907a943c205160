using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperSharp.Ladder;

/// <summary>One value of a spec parameter: a number, or text (a choice, a path, a list). JSON: a number or a string.</summary>
[JsonConverter(typeof(SpecValueJsonConverter))]
public readonly record struct SpecValue : IComparable<SpecValue>
{
    private SpecValue(double number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The number (NaN for text).</summary>
    public double Number { get; }

    /// <summary>The text, or null for a number.</summary>
    public string? Text { get; }

    /// <summary>Whether it is a number (else text).</summary>
    public bool IsNumber => Text is null;

    /// <summary>A number value.</summary>
    public static SpecValue Of(double number) => new(number, null);
    /// <summary>A text value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static SpecValue Of(string text) => new(double.NaN, text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>A number value.</summary>
    public static implicit operator SpecValue(double number) => Of(number);
    /// <summary>A number value (exact up to 2⁵³).</summary>
    public static implicit operator SpecValue(long number) => Of(number);
    /// <summary>A number value.</summary>
    public static implicit operator SpecValue(int number) => Of(number);
    /// <summary>A text value.</summary>
    public static implicit operator SpecValue(string text) => Of(text);

    /// <summary>Numbers by value when both are numbers, otherwise ordinal by their text.</summary>
    public int CompareTo(SpecValue other) => IsNumber && other.IsNumber
        ? Number.CompareTo(other.Number)
        : string.CompareOrdinal(ToString(), other.ToString());

    /// <summary>As typed on a command line: numbers invariant, shortest round-trip form.</summary>
    public override string ToString() => Text ?? Number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>For tables: whole numbers with thousands separators.</summary>
    public string Display() => Text ?? (Number == Math.Floor(Number) && Math.Abs(Number) < 1e15
        ? Number.ToString("N0", CultureInfo.InvariantCulture)
        : Number.ToString("G6", CultureInfo.InvariantCulture));
}

internal sealed class SpecValueJsonConverter : JsonConverter<SpecValue>
{
    public override SpecValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => SpecValue.Of(reader.GetDouble()),
        JsonTokenType.String => SpecValue.Of(reader.GetString()!),
        _ => throw new JsonException($"a spec value is a number or a string, not {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, SpecValue value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
            writer.WriteStringValue(value.Text);
        else if (double.IsFinite(value.Number))
            writer.WriteNumberValue(value.Number);
        else
            writer.WriteStringValue(value.ToString());
    }
}
