using System.CommandLine;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// Where a distributed rung runs: <c>--on local</c> (the default: <c>--nodes</c> silos embedded in this process) or
/// <c>--on cluster --gateway HOST:PORT</c> (a running cluster, <c>hyper cluster node</c>). Offered by the commands of
/// a ladder that has such a rung; given to any other rung, a one-line error.
/// </summary>
internal sealed class ClusterOptions
{
    public Option<string?> On { get; } = new("--on") { Description = "Where the distributed rung runs: local (silos embedded in this process, the default) or cluster (--gateway)." };

    public Option<string?> Gateway { get; } = new("--gateway") { Description = "HOST:PORT of a cluster node's gateway (with --on cluster); several, comma-separated." };

    public Option<string?> Nodes { get; } = new("--nodes") { Description = "Silos the distributed rung starts in this process with --on local (default: 1)." };

    public IEnumerable<Option> All => [On, Gateway, Nodes];

    /// <summary>Whether <paramref name="ladder"/> has a rung that runs on cluster nodes.</summary>
    public static bool Apply(ILadder ladder) => ladder.Rungs.Any(r => r.Uses.HasFlag(RungResources.Nodes));

    /// <summary><paramref name="context"/> with the nodes or the gateway given; a one-line <see cref="SpecException"/> for a bad or misplaced option.</summary>
    public RunContext Bind(ParseResult p, IRung rung, RunContext context)
    {
        string? on = p.GetValue(On), gateway = p.GetValue(Gateway), nodes = p.GetValue(Nodes);
        if (!rung.Uses.HasFlag(RungResources.Nodes))
        {
            if (on is not null || gateway is not null || nodes is not null)
                throw new SpecException($"--on, --gateway and --nodes are for the distributed rung, not {rung.Name}");
            return context;
        }
        string where = on ?? "local";
        if (where is not ("local" or "cluster"))
            throw new SpecException($"--on takes local or cluster (got '{where}')");
        if (where == "cluster")
        {
            if (gateway is null)
                throw new SpecException("--on cluster needs --gateway HOST:PORT");
            if (nodes is not null)
                throw new SpecException("--nodes counts the silos of --on local; a cluster has the nodes it has");
            _ = HyperSharp.Cluster.Hosting.Silos.ParseGateways(gateway);
            return context with { Gateway = gateway };
        }
        if (gateway is not null)
            throw new SpecException("--gateway is for --on cluster");
        return nodes is null ? context : context with { Nodes = CommonOptions.Count(nodes, "--nodes") };
    }
}
