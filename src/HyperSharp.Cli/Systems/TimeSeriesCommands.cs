using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.IO;
using HyperSharp.Ladder;
using HyperSharp.TimeSeries;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper timeseries generate|anomalies</c>: the anomalies ladder's file, and the analysis of any file.</summary>
internal sealed class TimeSeriesCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Anomalies;

    public Command? Tools()
    {
        var spec = new SpecOptions<TimeSeriesSpec>(Catalog.Anomalies.Spec, ["days", "per-day", "anomalous", "seed"]);
        var unix = new Option<bool>("--unix") { Description = "Timestamps as Unix seconds (25 bytes a row) instead of ISO 8601 UTC (35 bytes)." };
        var output = new Option<string>("--output", "-o") { Description = "The CSV file to write (a temporary file, then a rename).", Required = true };
        var generate = new Command("generate",
            "Write the book's fake time series as CSV (timestamp,value): most days N(100, 10²), --anomalous days uniform or exponential, " +
            "from --seed. Every row has the same length: a file is 16 + days × per-day × 35 bytes (× 25 with --unix). At 86,400 rows a " +
            "day (3.024 MB): 1 GB is --days 331, 10 GB --days 3307, and 40 GB (more than 24 GB of RAM) --days 13228.")
        {
            unix, output,
        };
        foreach (Option option in spec.Options)
            generate.Options.Add(option);
        generate.SetAction(p => Guard.Run(() =>
        {
            TimeSeriesSpec s = spec.Bind(p);
            Catalog.Anomalies.Validate(s);
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            TimeSeriesGenerator.Generate(path, s, p.GetValue(unix));
            Output.Log($"wrote {path}: {s.Rows:N0} rows, {new FileInfo(path).Length:N0} bytes");
            return 0;
        }));

        var file = new Argument<string>("FILE") { Description = "A CSV with the header timestamp,value (ISO 8601 or Unix-seconds timestamps)." };
        var alpha = new Option<string?>("--alpha") { Description = $"A day is anomalous when its K² p-value is below this [default: {TimeSeriesSpec.DefaultAlpha.ToString(CultureInfo.InvariantCulture)}]." };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var rung = new Option<string?>("--rung")
        {
            Description = $"The rung that reads the file: {string.Join(", ", Catalog.Anomalies.Rungs.Select(r => r.Name))} [default: threads].",
        };
        var anomalies = new Command("anomalies",
            "Stream the file, group consecutive rows by UTC day, test each day for normality (D'Agostino–Pearson K², as " +
            "scipy.stats.normaltest) and print the anomalous days. Days of fewer than 8 rows (SciPy's minimum) or with all " +
            "values equal are counted as untested. Memory does not grow with the file.")
        {
            file, alpha, threads, rung, json,
        };
        anomalies.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(file)!;
            double a = TimeSeriesSpec.DefaultAlpha;
            if (p.GetValue(alpha) is { } text)
                a = (double)Catalog.Anomalies.Spec.Find("alpha").Parse(text).Number;
            int t = p.GetValue(threads) is { } count ? CommonOptions.Count(count, "--threads") : Environment.ProcessorCount;
            if (!File.Exists(path))
                throw new SpecException($"{path}: no such file");
            // Any rung reads any file: the streaming ones in constant memory, the reference as the book warns.
            AnomalyReport report = Catalog.Anomalies.Find(p.GetValue(rung) ?? "threads").Run(new AnomaliesProblem(path, a), new RunContext(t));
            if (p.GetValue(json))
                WriteJson(report, a);
            else
                WriteText(path, report, a);
            return 0;
        }));
        return new Command("timeseries", "Lazy pipelines over time-series files (the anomalies system's tools).") { generate, anomalies };
    }

    private static void WriteText(string path, AnomalyReport report, double alpha)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {report.Rows:N0} rows, {report.Days:N0} days ({report.Untested:N0} untested), {report.Anomalous.Count:N0} anomalous at alpha {alpha}"));
        if (report.Anomalous.Count == 0)
            return;
        Output.Table(null, ["day", "rows", "K²", "p-value"], report.Anomalous.Select(d => new[]
        {
            d.Date, d.Rows.ToString("N0", CultureInfo.InvariantCulture), d.K2.ToString("G6", CultureInfo.InvariantCulture),
            d.PValue.ToString("G3", CultureInfo.InvariantCulture),
        }));
    }

    private static void WriteJson(AnomalyReport report, double alpha)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout))
        {
            w.WriteStartObject();
            w.WriteNumber("rows", report.Rows);
            w.WriteNumber("days", report.Days);
            w.WriteNumber("untested", report.Untested);
            w.WriteNumber("alpha", alpha);
            w.WriteStartArray("anomalous");
            foreach (AnomalousDay d in report.Anomalous)
            {
                w.WriteStartObject();
                w.WriteString("day", d.Date);
                w.WriteNumber("rows", d.Rows);
                w.WriteNumber("k2", d.K2);
                w.WriteNumber("p_value", d.PValue);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.Write("\n"u8);
    }
}
