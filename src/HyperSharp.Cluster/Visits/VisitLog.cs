using System.Globalization;
using System.Text;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.WordCount;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cluster.Visits;

/// <summary>
/// The books' web-log question: visits per user, per day, or per user and day. A log line is
/// <c>2026-11-23T14:05:09Z user42 /page/7</c> (a UTC time, a user, a path, separated by single spaces).
/// </summary>
public static class VisitLog
{
    /// <summary>The mapper's name on the data-parallel layer.</summary>
    public const string Mapper = "visits";

    /// <summary>The first day of generated logs (a Monday).</summary>
    public static readonly DateTime FirstDay = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] s_keys = ["user", "day", "user,day"];

    /// <summary>Checks a <c>--by</c> value.</summary>
    public static string By(string? text) =>
        s_keys.Contains(text ?? "user") ? text ?? "user" : throw new SpecException($"--by takes user, day or user,day (got '{text}')");

    /// <summary>Writes <paramref name="visits"/> visits of <paramref name="users"/> users over a week, in time order; returns the bytes.</summary>
    public static long Generate(string path, int users, long visits, long seed)
    {
        if (users < 1 || users > 100_000_000)
            throw new SpecException($"--users takes a whole number from 1 to 100000000 (got {users})");
        if (visits < 0 || visits > 10_000_000_000)
            throw new SpecException($"--visits takes a whole number from 0 to 10000000000 (got {visits})");
        long bytes = 0;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            var rng = new ZipfText.SplitMix(seed);
            long week = 7L * 24 * 3600;
            for (long v = 0; v < visits; v++)
            {
                // Evenly spread over the week (in order), each by a random user to one of 100 pages.
                DateTime t = FirstDay.AddSeconds(v * week / Math.Max(1, visits));
                string line = $"{t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} user{rng.Below((ulong)users)} /page/{rng.Below(100)}\n";
                writer.Write(line);
                bytes += line.Length;
            }
        });
        return bytes;
    }

    /// <summary>The key of one line for <paramref name="by"/>, or null for a line that is not a visit.</summary>
    public static string? Key(string line, string by)
    {
        string[] f = line.Split(' ');
        if (f.Length < 2 || f[0].Length < 10 || f[1].Length == 0)
            return null;
        return by switch { "user" => f[1], "day" => f[0][..10], _ => f[1] + "," + f[0][..10] };
    }

    /// <summary>The reference: every line's key counted in a dictionary, one thread.</summary>
    public static WordCounts Count(IEnumerable<string> files, string by)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            foreach (string line in File.ReadLines(file))
            {
                if (Key(line, by) is { } key)
                    counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return WordCounts.From(counts);
    }

    /// <summary>Visits per key on the cluster: <c>Text(files).Map("visits", by).ReduceByKey().Collect()</c>.</summary>
    public static Task<JobResult> RunAsync(IGrainFactory grains, IReadOnlyList<string> files, string by, int silos, int concurrency,
        JobOptions? options, CancellationToken cancellation = default)
    {
        long total = files.Sum(f => new FileInfo(f).Length);
        long partitionBytes = Math.Clamp(total / Math.Max(1, concurrency * 4), 1 << 20, 32 << 20);
        JobOptions o = (options ?? new JobOptions()) with { Reducers = Math.Max(1, silos), Concurrency = Math.Max(1, concurrency) };
        return Dataset.Text(files, partitionBytes).Map(Mapper, By(by)).ReduceByKey().CollectAsync(grains, o, cancellation);
    }

    /// <summary>Maps each line to its key (a Map: one pair per record), without a string per line.</summary>
    internal sealed class KeyMapper : IKeyedMapper
    {
        public void MapText(ReadOnlySpan<byte> records, string? argument, WordTable output)
        {
            string by = argument ?? "user";
            Span<byte> key = stackalloc byte[512];
            while (records.Length > 0)
            {
                int nl = records.IndexOf((byte)'\n');
                ReadOnlySpan<byte> line = nl < 0 ? records : records[..nl];
                records = nl < 0 ? default : records[(nl + 1)..];
                if (line.Length > 0 && line[^1] == (byte)'\r')
                    line = line[..^1];
                int s1 = line.IndexOf((byte)' ');
                if (s1 < 10)
                    continue;
                ReadOnlySpan<byte> rest = line[(s1 + 1)..];
                int s2 = rest.IndexOf((byte)' ');
                ReadOnlySpan<byte> user = s2 < 0 ? rest : rest[..s2];
                if (user.Length == 0)
                    continue;
                ReadOnlySpan<byte> day = line[..10];
                if (by == "user")
                {
                    output.Add(user);
                }
                else if (by == "day")
                {
                    output.Add(day);
                }
                else if (user.Length + 11 <= key.Length)
                {
                    user.CopyTo(key);
                    key[user.Length] = (byte)',';
                    day.CopyTo(key[(user.Length + 1)..]);
                    output.Add(key[..(user.Length + 11)]);
                }
                else
                {
                    output.Add([.. user, (byte)',', .. day]);
                }
            }
        }
    }
}
