using System.CommandLine;
using System.Diagnostics;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;
using HyperSharp.Processes;

namespace HyperSharp.Cli.Systems;

/// <summary>The tools <c>hyper primes count</c> and <c>hyper primes check</c>, and the worker of the processes rung.</summary>
internal sealed class PrimesCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Primes;

    public Command? Tools()
    {
        var countSpec = new SpecOptions<PrimeCountSpec>(Catalog.Primes.Spec);
        var countRung = new Option<string>("--rung") { Description = "Rung to count with.", DefaultValueFactory = _ => "wheel" };
        Option<string?> countThreads = CommonOptions.Threads();
        var save = new Option<string?>("--save") { Description = "Save each prime found to this slow server (`hyper serve slow`), testing by trial division as the book does." };
        var batch = new Option<string>("--batch") { Description = "With --save: primes sent at once, asynchronously, while the next batch is computed (1: each save waits).", DefaultValueFactory = _ => "1" };
        var saveDelay = new Option<string>("--delay-ms") { Description = "With --save: the delay each save asks of the server.", DefaultValueFactory = _ => "10" };
        var saveTimeline = new Option<string?>("--timeline") { Description = "With --save: write an HTML page of the CPU and I/O spans." };
        var countCluster = new ClusterOptions();
        var count = new Command("count", "Print the number of primes below N (with --save, save each to a slow server).") { countRung, countThreads, save, batch, saveDelay, saveTimeline };
        foreach (Option option in countSpec.Options.Concat(countCluster.All))
            count.Options.Add(option);
        count.SetAction(p => Guard.Run(() =>
        {
            PrimeCountSpec spec = countSpec.Bind(p);
            Catalog.Primes.Validate(spec);
            if (p.GetValue(save) is not null && (p.GetValue(countCluster.On) ?? p.GetValue(countCluster.Gateway) ?? p.GetValue(countCluster.Nodes)) is not null)
                throw new SpecException("--on, --gateway and --nodes are for the distributed rung, not --save");
            if (p.GetValue(save) is { } server)
                return PrimeSaveCommand.Run(spec.Below, server, p.GetValue(batch)!, p.GetValue(saveDelay)!, p.GetValue(saveTimeline));
            Rung<PrimeCountSpec, long> rung = Catalog.Primes.Find(p.GetValue(countRung)!);
            RunContext context = countCluster.Bind(p, rung, CommonOptions.Context(p.GetValue(countThreads)));
            long start = Stopwatch.GetTimestamp();
            long primes = rung.Run(spec, context);
            Console.WriteLine($"{primes} primes below {spec.Below}");
            Output.Log($"{rung.Name}: {Units.Seconds(Stopwatch.GetElapsedTime(start).TotalSeconds)}");
            return 0;
        }));

        var numbers = new Argument<string[]>("numbers") { Description = "Whole numbers from 0 to 2^64 - 1.", Arity = ArgumentArity.OneOrMore };
        var checkRung = new Option<string>("--rung") { Description = "Rung to check with.", DefaultValueFactory = _ => "millerrabin" };
        var checkSpec = new SpecOptions<PrimeCheckSpec>(Catalog.PrimeCheck.Spec, ["check_every"]);
        Option<string?> checkThreads = CommonOptions.Threads();
        var checkCluster = new ClusterOptions();
        var check = new Command("check", "Print whether each number is prime, with a factor when it is composite.")
        {
            numbers, checkRung, checkThreads,
        };
        foreach (Option option in checkSpec.Options.Concat(checkCluster.All))
            check.Options.Add(option);
        check.SetAction(p => Guard.Run(() =>
        {
            PrimeCheckSpec spec = checkSpec.Bind(p) with { Numbers = [.. p.GetValue(numbers)!.Select(SpecParameter.ParseWhole)] };
            Catalog.PrimeCheck.Validate(spec);
            Rung<PrimeCheckSpec, PrimeVerdict[]> rung = Catalog.PrimeCheck.Find(p.GetValue(checkRung)!);
            RunContext context = checkCluster.Bind(p, rung, CommonOptions.Context(p.GetValue(checkThreads)));
            foreach (PrimeVerdict verdict in rung.Run(spec, context))
                Console.WriteLine(verdict);
            return 0;
        }));
        return new Command("primes", "Count primes below N, list them, find the n-th, or check numbers for primality.")
        {
            count, check, List(), Nth(),
        };
    }

    /// <summary><c>hyper primes list --from A --to B [-o FILE]</c>: as <c>primesieve A B -p</c>, streamed.</summary>
    private static Command List()
    {
        var from = new Option<string>("--from") { Description = "Smallest number of the range (inclusive).", DefaultValueFactory = _ => "0" };
        var to = new Option<string>("--to") { Description = $"Largest number of the range (inclusive, up to {PrimeList.MaxTo}).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (whole or not at all) instead of standard output." };
        var list = new Command("list", "Print every prime in a range, one a line, ascending (as primesieve -p).") { from, to, output };
        list.SetAction(p => Guard.Run(() =>
        {
            ulong a = SpecParameter.ParseWhole(p.GetValue(from)!), b = SpecParameter.ParseWhole(p.GetValue(to)!);
            if (b > PrimeList.MaxTo)
                throw new SpecException($"--to takes a whole number up to {PrimeList.MaxTo} (got {b})");
            if (a > b)
                throw new SpecException($"--from {a} is above --to {b}");
            long start = Stopwatch.GetTimestamp();
            long primes = 0;
            if (p.GetValue(output) is { } path)
                IO.AtomicFile.Write(path, stream => primes = PrimeList.Write(a, b, stream));
            else
            {
                using Stream stdout = Console.OpenStandardOutput();
                primes = PrimeList.Write(a, b, stdout);
            }
            Output.Log($"{primes} primes in [{a}, {b}]: {Units.Seconds(Stopwatch.GetElapsedTime(start).TotalSeconds)}");
            return 0;
        }));
        return list;
    }

    /// <summary><c>hyper primes nth N</c>: the N-th prime (the first is 2), as <c>primesieve N -n</c>.</summary>
    private static Command Nth()
    {
        var n = new Argument<string>("n") { Description = $"Which prime, from 1 (2) to {PrimeList.MaxNth}." };
        Option<string?> threads = CommonOptions.Threads();
        var nth = new Command("nth", "Print the n-th prime.") { n, threads };
        nth.SetAction(p => Guard.Run(() =>
        {
            ulong which = SpecParameter.ParseWhole(p.GetValue(n)!);
            if (which < 1 || which > PrimeList.MaxNth)
                throw new SpecException($"n takes a whole number from 1 to {PrimeList.MaxNth} (got {which})");
            Console.WriteLine(PrimeList.Nth((long)which, CommonOptions.Context(p.GetValue(threads)).MaxThreads));
            return 0;
        }));
        return nth;
    }

    /// <summary><c>hyper __worker primes</c>: answers "from to" lines with the count of primes in [from, to).</summary>
    public Command Worker()
    {
        var command = new Command("primes", "Count primes in each 'from to' line of standard input.");
        command.SetAction(_ => Guard.Run(() => WorkerQueue.Serve(PrimesProcesses.Answer)));
        return command;
    }
}
