namespace HyperSharp.Ladder;

/// <summary>The resources of a <see cref="RunContext"/> a rung uses; the bench sweeps the count of each.</summary>
[Flags]
public enum RungResources
{
    /// <summary>One thread, nothing else.</summary>
    None = 0,
    /// <summary>CPU threads, up to <see cref="RunContext.MaxThreads"/>.</summary>
    Threads = 1,
    /// <summary>Child processes, <see cref="RunContext.Processes"/> of them.</summary>
    Processes = 2,
    /// <summary>Operations in flight at once (async I/O), <see cref="RunContext.Concurrency"/>.</summary>
    Concurrency = 4,
    /// <summary>Cluster nodes, <see cref="RunContext.Nodes"/>.</summary>
    Nodes = 8,
    /// <summary>An accelerator (<see cref="RunContext.Device"/>).</summary>
    Device = 16,
}
