namespace HyperSharp.Ladder;

/// <summary>Whether a rung can run on this machine, and why not when it cannot.</summary>
public readonly record struct Availability(bool IsAvailable, string? Reason)
{
    /// <summary>The rung runs here.</summary>
    public static Availability Yes { get; } = new(true, null);

    /// <summary>The rung cannot run here, for <paramref name="reason"/> (one line, shown by <c>hyper list</c>).</summary>
    public static Availability No(string reason) => new(false, reason);

    /// <inheritdoc/>
    public override string ToString() => IsAvailable ? "yes" : $"no: {Reason}";
}
