using BenchmarkDotNet.Running;

namespace HyperSharp.Benchmarks;

internal static class Program
{
    // `dotnet run -c Release --project bench/HyperSharp.Benchmarks -- --filter '*'`: BenchmarkDotNet's own arguments;
    // `-- --agreement [--quick]`: the harness's medians against BenchmarkDotNet's; `-- --cases`: what it plans.
    public static int Main(string[] args)
    {
#if DEBUG
        Console.Error.WriteLine("Benchmarks need a Release build: dotnet run -c Release --project bench/HyperSharp.Benchmarks");
        return 1;
#else
        // The harness against BenchmarkDotNet on three rungs (see Agreement); anything else is BenchmarkDotNet's own.
        if (args.Length > 0 && args[0] == "--agreement")
            return Agreement.Run(quick: args.Contains("--quick"));
        if (args.Length > 0 && args[0] == "--cases")
            return Agreement.Cases();
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
#endif
    }
}
