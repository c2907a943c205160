using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace HyperSharp.Net.Serve;

/// <summary>What the slow server does with one attempt at one name.</summary>
public enum Fault
{
    /// <summary>Answers normally.</summary>
    None,
    /// <summary>Answers 503 Service Unavailable.</summary>
    Error,
    /// <summary>Aborts the connection before answering.</summary>
    Reset,
    /// <summary>Sends the headers and part of the body, then stalls.</summary>
    Stall,
}

/// <summary>
/// The server's fault injection, decided by a hash of (seed, name, attempt) rather than a random generator: the same
/// crawl meets the same faults whatever the order or concurrency of its requests, so a test can compute the exact
/// counts of retries and failures it must see (<see cref="Outcome"/>).
/// </summary>
public sealed record FaultPlan(double FailRate = 0, double ResetRate = 0, double StallRate = 0, long Seed = 0)
{
    /// <summary>No faults.</summary>
    public static FaultPlan None { get; } = new();

    /// <summary>Whether any fault can happen.</summary>
    public bool Any => FailRate > 0 || ResetRate > 0 || StallRate > 0;

    /// <summary>The fault of attempt <paramref name="attempt"/> (1 for the first) at <paramref name="name"/>.</summary>
    public Fault Decide(string name, int attempt)
    {
        if (!Any)
            return Fault.None;
        double u = Uniform(name, attempt);
        if (u < FailRate)
            return Fault.Error;
        if (u < FailRate + ResetRate)
            return Fault.Reset;
        return u < FailRate + ResetRate + StallRate ? Fault.Stall : Fault.None;
    }

    /// <summary>
    /// What a client that tries each name at most <c>1 + retries</c> times meets: the attempts it makes and the
    /// fault of its last attempt (<see cref="Fault.None"/> when it succeeded).
    /// </summary>
    public (int Attempts, Fault Last) Outcome(string name, int retries)
    {
        for (int attempt = 1; ; attempt++)
        {
            Fault fault = Decide(name, attempt);
            if (fault == Fault.None || attempt > retries)
                return (attempt, fault);
        }
    }

    private double Uniform(string name, int attempt)
    {
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(head, Seed);
        BinaryPrimitives.WriteInt32LittleEndian(head[8..], attempt);
        var hash = new XxHash64();
        hash.Append(head);
        hash.Append(Encoding.UTF8.GetBytes(name));
        return (hash.GetCurrentHashAsUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}
