namespace HyperSharp.Tests.Cli;

/// <summary>Reports written before the result schema's version 2 still render.</summary>
public sealed class ReportCompatibilityTests
{
    /// <summary>A report as version 1 wrote it: numbers only in specs, no axes, resources, fingerprints or methods.</summary>
    private const string Version1 = """
        {"schema":"hypersharp/report@1","created":"2026-11-20T10:00:00+00:00",
         "machine":{"cpu":"AMD EPYC","logical_cores":2,"memory_bytes":25769803776,"os":"Linux","runtime":".NET 10.0.12",
                    "simd":"Vector512","gpu":"not probed","hyper_sharp":"0.1.0"},
         "benches":[{"schema":"hypersharp/bench@1","created":"2026-11-20T10:00:00+00:00",
           "machine":{"cpu":"AMD EPYC","logical_cores":2,"memory_bytes":25769803776,"os":"Linux","runtime":".NET 10.0.12",
                      "simd":"Vector512","gpu":"not probed","hyper_sharp":"0.1.0"},
           "system":"pi","title":"Monte Carlo π","unit":"samples/s","size_name":"samples",
           "results":[
            {"schema":"hypersharp/result@1","system":"pi","rung":"reference","kind":"reference","implementation":"hypersharp",
             "spec":{"samples":1000000,"seed":42},"threads":1,"repeats":3,"seconds":0.0077,"min_seconds":0.0075,"max_seconds":0.0080,
             "work":1000000,"throughput":129870129,"unit":"samples/s","checksum":785398,"verified":true,
             "verification":{"against":"reference","spec":{"samples":1000000,"seed":42},"error":0,"tolerance":5,"measure":"none"}},
            {"schema":"hypersharp/result@1","system":"pi","rung":"threads","kind":"threads","implementation":"hypersharp",
             "spec":{"samples":1000000,"seed":42},"threads":2,"repeats":25,"seconds":0.00013,"min_seconds":0.00012,"max_seconds":0.0002,
             "work":1000000,"throughput":7692307692,"unit":"samples/s","checksum":785601,"verified":true,
             "verification":{"against":"reference","spec":{"samples":1000000,"seed":42},"error":0,"tolerance":0,"measure":"|Δhits|"}},
            {"schema":"hypersharp/result@1","system":"pi","rung":"pertask","threads":1,"error":"skipped: the slow lesson","skipped":true,
             "spec":{"samples":100000000}}]}]}
        """;

    [Fact]
    public void ReportFrom_Version1File_Renders()
    {
        using var temp = new TempDirectory();
        string json = temp.File("v1.json"), page = temp.File("v1.html");
        File.WriteAllText(json, Version1);
        Hyper.Outcome o = Hyper.Run("report", "--from", json, "-o", page);
        Assert.True(o.ExitCode == 0, o.Stderr);
        string html = File.ReadAllText(page);
        Assert.Contains("<h2>pi</h2>", html);
        Assert.Contains("threads", html);
        Assert.Contains("skipped: the slow lesson", html);
        Assert.Contains("1,000,000", o.Stdout); // the size column, from size_name alone
    }
}
