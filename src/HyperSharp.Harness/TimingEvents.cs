using System.Diagnostics.Tracing;

namespace HyperSharp.Harness;

/// <summary>
/// Marks the timed repeats in a trace, so that <c>hyper profile</c> keeps the samples of the timed runs alone (not
/// start-up, warm-up or verification) and <c>hyper memory</c> marks each timed run. Costs one flag test per run when nobody listens.
/// </summary>
[EventSource(Name = ProviderName)]
public sealed class TimingEvents : EventSource
{
    /// <summary>The provider a profiler enables.</summary>
    public const string ProviderName = "HyperSharp-Timing";

    /// <summary>The one instance.</summary>
    public static readonly TimingEvents Log = new();

    private TimingEvents() { }

    /// <summary>The timed repeats begin (warm-up is over).</summary>
    [Event(1, Level = EventLevel.Informational)]
    public void TimedStart() => WriteEvent(1);

    /// <summary>The timed repeats are over (verification comes next).</summary>
    [Event(2, Level = EventLevel.Informational)]
    public void TimedStop() => WriteEvent(2);

    /// <summary>One timed run begins (its stage is ready): what <c>hyper memory</c> marks on its plot.</summary>
    [Event(3, Level = EventLevel.Informational)]
    public void RunStart() => WriteEvent(3);

    /// <summary>That timed run is over.</summary>
    [Event(4, Level = EventLevel.Informational)]
    public void RunStop() => WriteEvent(4);
}
