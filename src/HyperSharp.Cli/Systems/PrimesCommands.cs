using System.CommandLine;
using System.Diagnostics;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Primes;
using HyperSharp.Ladder;
using HyperSharp.Primes;
using HyperSharp.Processes;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper run|bench primes</c> and the tools <c>hyper primes count</c> and <c>hyper primes check</c>.</summary>
internal sealed class PrimesCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Primes;
    public ISystemBench ReportBench { get; } = new PrimesBench();
    public IReadOnlyList<long> ReportSizes { get; } = [1_000_000, 10_000_000];

    private static Option<long> BelowOption() => new("--below")
    {
        Description = "Count the primes below this number.",
        DefaultValueFactory = _ => PrimeCountSpec.Book.Below,
    };

    private static Option<int> ChunkOption() => new("--chunk")
    {
        Description = "Numbers per work item for the queued rungs.",
        DefaultValueFactory = _ => PrimeCountSpec.DefaultChunk,
    };

    public Command Run()
    {
        Option<long> below = BelowOption();
        Option<int> chunk = ChunkOption();
        return RunCommand.Create(Catalog.Primes, "Count primes with one rung: warm up, time repeats, verify against the reference.",
            [below, chunk], p => new PrimeCountSpec(p.GetValue(below), p.GetValue(chunk)));
    }

    public Command Bench()
    {
        var belows = new Option<string?>("--belows") { Description = "Comma-separated values of N (default: 1000000,10000000)." };
        var chunks = new Option<string?>("--chunks")
        {
            Description = $"Comma-separated chunk sizes: all rungs run the first, the queued rungs every one (default: {PrimeCountSpec.DefaultChunk}).",
        };
        return BenchCommand.Create("primes", "Bench every prime-counting rung at several N (and chunk sizes); a table and JSON.",
            belows, [chunks], p => new PrimesBench(CommonOptions.SizesOr(p.GetValue(chunks), "--chunks", PrimeCountSpec.DefaultChunk)));
    }

    public Command? Tools()
    {
        Option<long> below = BelowOption();
        Option<int> chunk = ChunkOption();
        var countRung = new Option<string>("--rung") { Description = "Rung to count with.", DefaultValueFactory = _ => "sieve" };
        Option<int?> countThreads = CommonOptions.Threads();
        var count = new Command("count", "Print the number of primes below N.") { below, countRung, chunk, countThreads };
        count.SetAction(p => Guard.Run(() =>
        {
            var spec = new PrimeCountSpec(p.GetValue(below), p.GetValue(chunk));
            Catalog.Primes.Validate(spec);
            Rung<PrimeCountSpec, long> rung = Catalog.Primes.Find(p.GetValue(countRung)!);
            long start = Stopwatch.GetTimestamp();
            long primes = rung.Run(spec, CommonOptions.Context(p.GetValue(countThreads)));
            Console.WriteLine($"{primes} primes below {spec.Below}");
            Output.Log($"{rung.Name}: {Units.Seconds(Stopwatch.GetElapsedTime(start).TotalSeconds)}");
            return 0;
        }));

        var numbers = new Argument<string[]>("numbers") { Description = "Whole numbers from 0 to 2^64 - 1.", Arity = ArgumentArity.OneOrMore };
        var checkRung = new Option<string>("--rung") { Description = "Rung to check with.", DefaultValueFactory = _ => "millerrabin" };
        var checkEvery = new Option<int>("--check-every")
        {
            Description = "Divisors between two looks at the shared early-exit flag (threads rung).",
            DefaultValueFactory = _ => PrimeCheckSpec.DefaultCheckEvery,
        };
        Option<int?> checkThreads = CommonOptions.Threads();
        var check = new Command("check", "Print whether each number is prime, with a factor when it is composite.")
        {
            numbers, checkRung, checkEvery, checkThreads,
        };
        check.SetAction(p => Guard.Run(() =>
        {
            var spec = new PrimeCheckSpec([.. p.GetValue(numbers)!.Select(PrimeCheckSpec.Parse)], p.GetValue(checkEvery));
            Catalog.PrimeCheck.Validate(spec);
            Rung<PrimeCheckSpec, PrimeVerdict[]> rung = Catalog.PrimeCheck.Find(p.GetValue(checkRung)!);
            foreach (PrimeVerdict verdict in rung.Run(spec, CommonOptions.Context(p.GetValue(checkThreads))))
                Console.WriteLine(verdict);
            return 0;
        }));
        return new Command("primes", "Count primes below N, or check numbers for primality.") { count, check };
    }

    /// <summary><c>hyper __worker primes</c>: answers "from to" lines with the count of primes in [from, to).</summary>
    public Command Worker()
    {
        var command = new Command("primes", "Count primes in each 'from to' line of standard input.");
        command.SetAction(_ => Guard.Run(() => WorkerQueue.Serve(PrimesProcesses.Answer)));
        return command;
    }
}
