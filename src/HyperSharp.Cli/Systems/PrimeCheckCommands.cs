using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Primes;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Cli.Systems;

/// <summary>The hidden <c>hyper __worker primecheck</c> of the processes rung; the everyday tool is <c>hyper primes check</c>.</summary>
internal sealed class PrimeCheckCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.PrimeCheck;

    /// <summary>
    /// <c>hyper __worker primecheck</c>: searches one share of one number's divisors under one early-exit mechanism:
    /// a mapped flag file (<c>--flag</c>, prints "done"), a stop line on standard input (<c>--pipe</c>), a Redis key
    /// (<c>--redis HOST:PORT --key K</c>) or none (<c>--no-flag</c>); the last three print the factor found, or 0.
    /// </summary>
    public Command Worker()
    {
        var number = new Option<ulong>("--number") { Required = true };
        var from = new Option<ulong>("--from") { Required = true };
        var to = new Option<ulong>("--to") { Required = true };
        var checkEvery = new Option<int>("--check-every") { Required = true };
        var flag = new Option<string?>("--flag");
        var pipe = new Option<bool>("--pipe");
        var redis = new Option<string?>("--redis");
        var key = new Option<string?>("--key");
        var noFlag = new Option<bool>("--no-flag");
        var command = new Command("primecheck", "Search a share of a number's divisors under one early-exit mechanism.")
        {
            number, from, to, checkEvery, flag, pipe, redis, key, noFlag,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            ulong n = p.GetValue(number), a = p.GetValue(from), b = p.GetValue(to);
            int every = p.GetValue(checkEvery);
            string? flagPath = p.GetValue(flag), endpoint = p.GetValue(redis);
            int mechanisms = (flagPath is null ? 0 : 1) + (p.GetValue(pipe) ? 1 : 0) + (endpoint is null ? 0 : 1) + (p.GetValue(noFlag) ? 1 : 0);
            if (mechanisms != 1)
                throw new SpecException("give exactly one of --flag FILE, --pipe, --redis HOST:PORT --key K, --no-flag");
            if (flagPath is not null)
            {
                PrimeCheckProcesses.Work(n, a, b, every, flagPath);
                Console.WriteLine("done");
                return 0;
            }
            ulong factor = p.GetValue(pipe) ? PrimeCheckPipe.Work(n, a, b, every, Console.In)
                : endpoint is not null ? RedisFlagWorker.Work(n, a, b, every, endpoint, p.GetValue(key) ?? throw new SpecException("--redis needs --key"))
                : PrimeCheckNoFlag.Work(n, a, b, every);
            Console.WriteLine(factor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }
}
