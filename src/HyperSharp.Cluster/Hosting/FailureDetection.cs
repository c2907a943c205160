using Orleans.Configuration;

namespace HyperSharp.Cluster.Hosting;

/// <summary>
/// How fast a silo that stops answering is declared dead, stated once for every silo and client of HyperSharp.
/// <see cref="Default"/> keeps Orleans' own values (probes every 5 s, dead after 3 missed, about 10–20 s; calls
/// time out after 30 s); <see cref="Fast"/> is for tests and one-machine trials (dead after about 2 s of silence).
/// </summary>
public sealed record FailureDetection(TimeSpan ProbeTimeout, int MissedProbesLimit, TimeSpan TableRefresh, TimeSpan IAmAlivePublish,
    TimeSpan DeathVoteExpiration, TimeSpan ResponseTimeout)
{
    /// <summary>Orleans' defaults, written out.</summary>
    public static FailureDetection Default { get; } = new(TimeSpan.FromSeconds(5), 3, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5),
        TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(30));

    /// <summary>For tests: probes every 0.5 s, dead after 3 missed.</summary>
    public static FailureDetection Fast { get; } = new(TimeSpan.FromMilliseconds(500), 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));

    /// <summary>Applies the membership settings to a silo's options.</summary>
    public void Apply(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = ProbeTimeout;
        o.NumMissedProbesLimit = MissedProbesLimit;
        o.TableRefreshTimeout = TableRefresh;
        o.IAmAliveTablePublishTimeout = IAmAlivePublish;
        o.DeathVoteExpirationTimeout = DeathVoteExpiration;
    }

    /// <summary>Applies the call timeout.</summary>
    public void Apply(MessagingOptions o) => o.ResponseTimeout = ResponseTimeout;
}
