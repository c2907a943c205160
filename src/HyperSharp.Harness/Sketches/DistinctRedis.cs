using System.Buffers.Binary;
using HyperSharp.Harness.Primes;
using HyperSharp.Ladder;
using StackExchange.Redis;

namespace HyperSharp.Harness.Sketches;

/// <summary>
/// Redis's HyperLogLog (<c>PFADD</c>/<c>PFCOUNT</c>: 2^14 six-bit registers, 12 KiB dense, 0.81 %) as a peer on the
/// same values: a <c>redis-server</c> started on 127.0.0.1 and a free port with persistence off (untimed, per run) and
/// stopped by its process id afterwards; the values sent as 8-byte little-endian members in batches of
/// <see cref="Batch"/>, pipelined (StackExchange.Redis), then counted. Redis hashes the members itself (MurmurHash64A).
/// </summary>
public sealed class DistinctRedis : AsyncRung<DistinctProblem, DistinctResult>
{
    /// <summary>Members per PFADD.</summary>
    public const int Batch = 1024;

    /// <summary>Commands in flight at once.</summary>
    private const int Window = 64;

    /// <summary>Redis's standard error: 1.04 / √16384.</summary>
    public const double StandardError = 1.04 / 128;

    private RedisServer? _server;
    private ConnectionMultiplexer? _redis;

    public override string Name => "redis";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "redis-server PFADD (batches of 1024 members, pipelined) then PFCOUNT: Redis's 12 KiB HyperLogLog";
    public override double Tolerance => DistinctLadder.SigmaTolerance;

    public override Availability Availability => RedisServer.Program is null
        ? Availability.No("redis-server is not installed (apt-get install redis-server)")
        : Availability.Yes;

    protected override async ValueTask SetupAsync(DistinctProblem problem, RunContext context, CancellationToken cancellation)
    {
        _server = RedisServer.Start();
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { _server.Endpoint },
                AbortOnConnectFail = true,
                ConnectTimeout = 10_000,
                SyncTimeout = 60_000,
                AsyncTimeout = 60_000,
            }).ConfigureAwait(false);
        }
        catch
        {
            _server.Dispose();
            _server = null;
            throw;
        }
    }

    protected override async ValueTask<DistinctResult> ComputeAsync(DistinctProblem problem, RunContext context, CancellationToken cancellation)
    {
        IDatabase db = _redis!.GetDatabase();
        RedisKey key = "hypersharp:distinct";
        var pending = new Queue<Task>();
        ulong[] values = problem.Values;
        for (int start = 0; start < values.Length; start += Batch)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(Batch, values.Length - start);
            var members = new RedisValue[n];
            for (int i = 0; i < n; i++)
            {
                var bytes = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, values[start + i]);
                members[i] = bytes;
            }
            pending.Enqueue(db.HyperLogLogAddAsync(key, members));
            if (pending.Count >= Window)
                await pending.Dequeue().ConfigureAwait(false);
        }
        while (pending.TryDequeue(out Task? t))
            await t.ConfigureAwait(false);
        long estimate = await db.HyperLogLogLengthAsync(key).ConfigureAwait(false);
        return new DistinctResult(estimate, StandardError, 12_304); // Redis's dense representation: 16-byte header + 12,288 bytes of registers
    }

    protected override ValueTask TeardownAsync(DistinctProblem problem, RunContext context)
    {
        _redis?.Dispose();
        _redis = null;
        _server?.Dispose(); // kills it by its process id
        _server = null;
        return default;
    }
}
