using System.Globalization;

namespace HyperSharp.Net.Monitor;

/// <summary>One sample of the machine: total and per-core CPU use (percent of each), memory in use, and one process's CPU.</summary>
/// <param name="Time">When it was taken (the scheduler's clock).</param>
/// <param name="Cpu">All cores together, 0–100.</param>
/// <param name="Cores">Each core, 0–100.</param>
/// <param name="Memory">Memory in use (total less available), percent of total.</param>
/// <param name="Process">The watched process's CPU, percent of one core (may exceed 100), or null.</param>
public sealed record Reading(DateTimeOffset Time, double Cpu, IReadOnlyList<double> Cores, double Memory, double? Process = null);

/// <summary>Where readings come from: the machine (<see cref="ProcReader"/>) or a recording (tests).</summary>
public interface IReadingSource
{
    /// <summary>The next reading at <paramref name="now"/>, or null when there are no more.</summary>
    Reading? Read(DateTimeOffset now);
}

/// <summary>Recorded readings replayed one per tick, for tests on virtual time.</summary>
public sealed class RecordedReadings(IEnumerable<(double Cpu, double Memory)> readings) : IReadingSource
{
    private readonly IEnumerator<(double Cpu, double Memory)> _next = readings.GetEnumerator();

    /// <inheritdoc/>
    public Reading? Read(DateTimeOffset now) => _next.MoveNext() ? new Reading(now, _next.Current.Cpu, [_next.Current.Cpu], _next.Current.Memory) : null;
}

/// <summary>
/// Reads what psutil reads: <c>/proc/stat</c> (jiffies per core, busy = all but idle and iowait, as deltas between
/// two readings), <c>/proc/meminfo</c> (MemTotal less MemAvailable) and <c>/proc/PID/stat</c> (utime + stime).
/// </summary>
public sealed class ProcReader : IReadingSource
{
    private const double ClockTicks = 100; // USER_HZ, 100 on every Linux ABI
    private readonly string _root;
    private readonly int? _pid;
    private (long Busy, long Total)[] _last;
    private long _lastProcess;
    private DateTimeOffset _lastTime;

    /// <summary>A reader of <paramref name="root"/> (normally <c>/proc</c>), watching process <paramref name="pid"/> if given.</summary>
    public ProcReader(int? pid = null, string root = "/proc")
    {
        _root = root;
        _pid = pid;
        if (!File.Exists(Path.Combine(root, "stat")))
            throw new HyperSharp.Ladder.SpecException($"no {Path.Combine(root, "stat")}: the monitor reads Linux's /proc");
        if (pid is { } p && !File.Exists(Path.Combine(root, p.ToString(CultureInfo.InvariantCulture), "stat")))
            throw new HyperSharp.Ladder.SpecException($"--process: no process {p}");
        _last = ParseStat(File.ReadAllText(Path.Combine(root, "stat")));
        _lastProcess = ProcessTicks() ?? 0;
        _lastTime = DateTimeOffset.UtcNow;
    }

    /// <inheritdoc/>
    public Reading? Read(DateTimeOffset now)
    {
        (long Busy, long Total)[] stat = ParseStat(File.ReadAllText(Path.Combine(_root, "stat")));
        double[] use = new double[stat.Length];
        for (int i = 0; i < stat.Length && i < _last.Length; i++)
            use[i] = Percent(stat[i].Busy - _last[i].Busy, stat[i].Total - _last[i].Total);
        _last = stat;
        double? process = null;
        if (ProcessTicks() is { } ticks)
        {
            double seconds = Math.Max(1e-6, (now - _lastTime).TotalSeconds);
            process = (ticks - _lastProcess) / ClockTicks / seconds * 100;
            _lastProcess = ticks;
        }
        _lastTime = now;
        return new Reading(now, use[0], use[1..], MemoryPercent(File.ReadAllText(Path.Combine(_root, "meminfo"))), process);
    }

    private long? ProcessTicks()
    {
        if (_pid is not { } pid)
            return null;
        try
        {
            return ParseProcessTicks(File.ReadAllText(Path.Combine(_root, pid.ToString(CultureInfo.InvariantCulture), "stat")));
        }
        catch (IOException)
        {
            return null; // the process ended
        }
    }

    private static double Percent(long busy, long total) => total <= 0 ? 0 : Math.Clamp(100.0 * busy / total, 0, 100);

    /// <summary>(busy, total) jiffies of the <c>cpu</c> line, then of each <c>cpuN</c> line.</summary>
    public static (long Busy, long Total)[] ParseStat(string text)
    {
        var cpus = new List<(long, long)>();
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal))
                continue;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long total = 0, idle = 0;
            for (int i = 1; i < f.Length && i <= 8; i++)
            {
                long v = long.Parse(f[i], CultureInfo.InvariantCulture);
                total += v;
                if (i is 4 or 5) // idle, iowait
                    idle += v;
            }
            cpus.Add((total - idle, total));
        }
        return [.. cpus];
    }

    /// <summary>Memory in use as a percent of MemTotal.</summary>
    public static double MemoryPercent(string meminfo)
    {
        long total = 0, available = 0;
        foreach (string line in meminfo.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2)
                continue;
            if (f[0] == "MemTotal:")
                total = long.Parse(f[1], CultureInfo.InvariantCulture);
            else if (f[0] == "MemAvailable:")
                available = long.Parse(f[1], CultureInfo.InvariantCulture);
        }
        return total <= 0 ? 0 : 100.0 * (total - available) / total;
    }

    /// <summary>utime + stime of a <c>/proc/PID/stat</c> line (fields 14 and 15, counted after the command's closing parenthesis).</summary>
    public static long ParseProcessTicks(string stat)
    {
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
    }
}
