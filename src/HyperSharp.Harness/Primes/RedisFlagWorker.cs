using HyperSharp.Primes;
using StackExchange.Redis;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// What a worker of <see cref="PrimeCheckRedis"/> does. The only code that names StackExchange.Redis: the runtime
/// loads the client when this class is first used, in such a worker and nowhere else.
/// </summary>
public static class RedisFlagWorker
{
    /// <summary>Searches its share with the flag in key <paramref name="key"/> at <paramref name="endpoint"/>; returns the factor it found, or 0.</summary>
    public static ulong Work(ulong n, ulong from, ulong to, int checkEvery, string endpoint, string key)
    {
        DivisorShares.CheckWorkerShare(from, checkEvery);
        using ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(new ConfigurationOptions
        {
            EndPoints = { endpoint },
            AbortOnConnectFail = true,
            ConnectTimeout = 10_000,
        });
        var flag = new RedisKeyFlag(redis.GetDatabase(), key);
        return DivisorShares.Search(n, from, to, checkEvery, ref flag);
    }

    private readonly struct RedisKeyFlag(IDatabase db, RedisKey key) : IEarlyExitFlag
    {
        public bool IsSet => db.KeyExists(key);

        public void Set(long factor) => db.StringSet(key, factor, when: When.NotExists);
    }
}
