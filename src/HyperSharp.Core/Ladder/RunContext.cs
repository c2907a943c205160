namespace HyperSharp.Ladder;

/// <summary>What the caller allows a rung to use. Rungs never choose their own problem size.</summary>
public sealed record RunContext
{
    public RunContext(int maxThreads)
    {
        if (maxThreads < 1)
            throw new SpecException($"threads must be at least 1 (got {maxThreads})");
        MaxThreads = maxThreads;
    }

    /// <summary>The most threads any rung may use at once.</summary>
    public int MaxThreads { get; }

    public static RunContext Default { get; } = new(Environment.ProcessorCount);
}
