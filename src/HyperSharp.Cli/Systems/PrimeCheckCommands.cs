using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Cli.Systems;

/// <summary>The hidden <c>hyper __worker primecheck</c> of the processes rung; the everyday tool is <c>hyper primes check</c>.</summary>
internal sealed class PrimeCheckCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.PrimeCheck;

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
