namespace HyperSharp.Ladder;

/// <summary>Whether a rung can run on this machine, and why not when it cannot.</summary>
public readonly record struct Availability(bool IsAvailable, string? Reason)
{
    public static Availability Yes { get; } = new(true, null);

    public static Availability No(string reason) => new(false, reason);

    public override string ToString() => IsAvailable ? "yes" : $"no: {Reason}";
}
