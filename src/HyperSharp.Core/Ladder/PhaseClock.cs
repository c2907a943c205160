using System.Diagnostics;

namespace HyperSharp.Ladder;

/// <summary>
/// The named phases of one run (build, then query), each timed: <c>using (context.Phase("build")) { … }</c>. A phase
/// entered twice in a run adds up. The harness reads and clears it after every timed run.
/// </summary>
public sealed class PhaseClock
{
    private readonly List<(string Name, long Ticks)> _phases = [];

    /// <summary>Starts timing phase <paramref name="name"/>; dispose the scope to stop it.</summary>
    public Scope Begin(string name) => new(this, name, Stopwatch.GetTimestamp());

    /// <summary>Seconds spent in each phase since the last <see cref="Clear"/>, in the order first entered.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Read() =>
        _phases.Select(p => (p.Name, (double)p.Ticks / Stopwatch.Frequency)).ToArray();

    /// <summary>Forgets every phase timed so far.</summary>
    public void Clear() => _phases.Clear();

    private void Add(string name, long ticks)
    {
        lock (_phases)
        {
            int i = _phases.FindIndex(p => p.Name == name);
            if (i < 0)
                _phases.Add((name, ticks));
            else
                _phases[i] = (name, _phases[i].Ticks + ticks);
        }
    }

    /// <summary>An open phase; disposing it stops its clock. The default value times nothing.</summary>
    public readonly struct Scope(PhaseClock? clock, string name, long start) : IDisposable
    {
        /// <summary>Stops the phase's clock and adds the time to it.</summary>
        public void Dispose() => clock?.Add(name, Stopwatch.GetTimestamp() - start);
    }
}
