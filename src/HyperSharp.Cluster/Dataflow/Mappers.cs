using HyperSharp.Cluster.WordCount;

namespace HyperSharp.Cluster.Dataflow;

/// <summary>
/// A FlatMap (or, one key per record, a Map) from one chunk of a partition to keys with values, combined in a table
/// before the shuffle (the combiner of ReduceByKey: a sum). Code cannot travel with a plan, so mappers are
/// registered by name in every process (driver and silos run the same build).
/// </summary>
public interface IKeyedMapper
{
    /// <summary>Maps whole records (lines) of text; adds each key's value to <paramref name="output"/>.</summary>
    void MapText(ReadOnlySpan<byte> records, string? argument, WordTable output) =>
        throw new NotSupportedException("this mapper takes numbers, not text");

    /// <summary>Maps the numbers [<paramref name="start"/>, <paramref name="end"/>).</summary>
    void MapRange(long start, long end, string? argument, WordTable output) =>
        throw new NotSupportedException("this mapper takes text, not numbers");
}

/// <summary>The mappers by name.</summary>
public static class Mappers
{
    private static readonly Dictionary<string, IKeyedMapper> s_mappers = new(StringComparer.Ordinal)
    {
        ["words"] = new Words(),
        [Visits.VisitLog.Mapper] = new Visits.VisitLog.KeyMapper(),
        [Pi.PiDistributed.Mapper] = new Pi.PiDistributed.BlockMapper(),
        [Primes.PrimesDistributed.Mapper] = new Primes.PrimesDistributed.CountMapper(),
        [Primes.PrimeCheckDistributed.Mapper] = new Primes.PrimeCheckDistributed.DivisorMapper(),
    };

    /// <summary>Registers <paramref name="mapper"/> under <paramref name="name"/> (every process of a cluster must).</summary>
    public static void Register(string name, IKeyedMapper mapper)
    {
        lock (s_mappers)
            s_mappers[name] = mapper;
    }

    /// <summary>The mapper called <paramref name="name"/>.</summary>
    public static IKeyedMapper Get(string name)
    {
        lock (s_mappers)
            return s_mappers.TryGetValue(name, out IKeyedMapper? m) ? m : throw new ArgumentException($"no mapper '{name}' in this process");
    }

    /// <summary>FlatMap a line to its words (the search analyzer's tokens), Map each word to (word, 1).</summary>
    private sealed class Words : IKeyedMapper
    {
        public void MapText(ReadOnlySpan<byte> records, string? argument, WordTable output) => output.CountText(records);
    }
}
