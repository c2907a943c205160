using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Primes;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper run|bench primecheck</c>; the everyday tool is <c>hyper primes check</c>.</summary>
internal sealed class PrimeCheckCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.PrimeCheck;
    public ISystemBench ReportBench { get; } = new PrimeCheckBench();
    public IReadOnlyList<long> ReportSizes => ReportBench.DefaultSizes;

    private static Option<int> CheckEveryOption() => new("--check-every")
    {
        Description = "Divisors between two looks at the shared early-exit flag (threads rung).",
        DefaultValueFactory = _ => PrimeCheckSpec.DefaultCheckEvery,
    };

    public Command Run()
    {
        var numbers = new Option<string>("--numbers")
        {
            Description = "Comma-separated numbers to check (default: the book's four).",
            DefaultValueFactory = _ => string.Join(',', PrimeCheckSpec.Book.Numbers),
        };
        Option<int> checkEvery = CheckEveryOption();
        return RunCommand.Create(Catalog.PrimeCheck, "Check numbers with one rung: warm up, time repeats, verify against the reference.",
            [numbers, checkEvery],
            p => new PrimeCheckSpec([.. CommonOptions.Names(p.GetValue(numbers)).Select(PrimeCheckSpec.Parse)], p.GetValue(checkEvery)));
    }

    public Command Bench()
    {
        var numbers = new Option<string?>("--numbers") { Description = "Comma-separated numbers, one bench row each (default: the book's four)." };
        var checkEvery = new Option<string?>("--check-every")
        {
            Description = $"Comma-separated flag intervals: all rungs run the first, the flagged rungs every one (default: {PrimeCheckSpec.DefaultCheckEvery}).",
        };
        return BenchCommand.Create("primecheck", "Bench every prime-checking rung on each number (and flag interval); a table and JSON.",
            numbers, [checkEvery], p => new PrimeCheckBench(
                CommonOptions.SizesOr(p.GetValue(checkEvery), "--check-every", PrimeCheckSpec.DefaultCheckEvery)));
    }

    public Command? Tools() => null;

    /// <summary><c>hyper __worker primecheck</c>: searches one share of one number's divisors under a mapped flag.</summary>
    public Command Worker()
    {
        var number = new Option<ulong>("--number") { Required = true };
        var from = new Option<ulong>("--from") { Required = true };
        var to = new Option<ulong>("--to") { Required = true };
        var checkEvery = new Option<int>("--check-every") { Required = true };
        var flag = new Option<string>("--flag") { Required = true };
        var command = new Command("primecheck", "Search a share of a number's divisors; the factor goes to the flag file.")
        {
            number, from, to, checkEvery, flag,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            PrimeCheckProcesses.Work(p.GetValue(number), p.GetValue(from), p.GetValue(to), p.GetValue(checkEvery), p.GetValue(flag)!);
            Console.WriteLine("done");
            return 0;
        }));
        return command;
    }
}
