using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HyperSharp.Net.Monitor;

/// <summary>
/// The monitor's one JSON form of a reading and of an alert change: the lines <c>hyper monitor --json</c> prints and
/// the <c>data:</c> of its page's server-sent events.
/// </summary>
public static class MonitorJson
{
    /// <summary>Rules as written (cpu&gt;80), not escaped for HTML.</summary>
    private static readonly JsonWriterOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"time":…,"cpu":…,"cores":[…],"mem":…[,"proc":…]}</c>, percents to two decimals.</summary>
    public static string Reading(Reading r) => Write(w =>
    {
        w.WriteString("time", r.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteNumber("cpu", Math.Round(r.Cpu, 2));
        w.WriteStartArray("cores");
        foreach (double c in r.Cores)
            w.WriteNumberValue(Math.Round(c, 2));
        w.WriteEndArray();
        w.WriteNumber("mem", Math.Round(r.Memory, 2));
        if (r.Process is { } p)
            w.WriteNumber("proc", Math.Round(p, 2));
    });

    /// <summary><c>{"time":…,"alert":"cpu&gt;80 for 4","state":"firing"|"cleared"[,"value":…]}</c>.</summary>
    public static string Alert(AlertEvent e) => Write(w =>
    {
        w.WriteString("time", e.At.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("alert", e.Rule.ToString());
        w.WriteString("state", e.Firing ? "firing" : "cleared");
        if (e.Rule.ValueOf(e.At) is { } v)
            w.WriteNumber("value", Math.Round(v, 2));
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_json))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
