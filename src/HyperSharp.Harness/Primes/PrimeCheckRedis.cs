using HyperSharp.Ladder;
using HyperSharp.Primes;
using HyperSharp.Processes;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// The book's Redis flag: child processes split the divisor range and share the early-exit flag as a key of a
/// <c>redis-server</c> the rung starts on 127.0.0.1 (untimed, per run) and stops afterwards. Looking at the flag is a
/// network round trip (EXISTS), raising it a SET NX. The Redis client is used by the workers alone
/// (<see cref="RedisFlagWorker"/>), so no other command loads it.
/// </summary>
public sealed class PrimeCheckRedis : Rung<PrimeCheckSpec, PrimeVerdict[]>
{
    public override string Name => "processes-redis";
    public override RungKind Kind => RungKind.Processes;
    public override RungResources Uses => RungResources.Processes;
    public override string Technique => "divisor range split over child processes, early-exit flag as a key in a local redis-server";
    public override string? Sweeps => "check_every";

    public override Availability Availability => RedisServer.Program is null
        ? Availability.No("redis-server is not installed (apt-get install redis-server)")
        : Availability.Yes;

    public override ValueTask<RunStage<PrimeVerdict[]>> StageAsync(PrimeCheckSpec problem, RunContext context, CancellationToken cancellation = default) =>
        new(new Stage(RedisServer.Start(), problem, context));

    private sealed class Stage(RedisServer server, PrimeCheckSpec problem, RunContext context) : RunStage<PrimeVerdict[]>
    {
        public override ValueTask<PrimeVerdict[]> RunAsync(CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            return new(DivisorShares.Verdicts(problem.Numbers, n =>
            {
                // A key of its own per number: nothing to reset between numbers.
                string key = $"hypersharp:primecheck:{Guid.NewGuid():N}";
                return DivisorShares.FirstFactor(WorkerProcesses.Run("primecheck",
                    DivisorShares.WorkerArguments(n, context.Processes, problem.CheckEvery, "--redis", server.Endpoint, "--key", key)));
            }));
        }

        public override ValueTask DisposeAsync()
        {
            server.Dispose();
            return base.DisposeAsync();
        }
    }
}
