using System.Text.Json;
using HyperSharp.Cluster.Visits;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Cluster;

/// <summary><c>hyper visits</c>: the cluster's visits per key are the one-thread dictionary's, for every key.</summary>
[Collection(OrleansCollection.Name)]
public sealed class VisitsTests
{
    [Fact]
    public void Visits_EveryKey_IsTheReferencesCount()
    {
        using var temp = new TempDirectory();
        string log = temp.File("visits.log");
        Hyper.Outcome made = Hyper.Run("visits", "generate", "--users", "37", "--visits", "20011", "--seed", "3", "-o", log);
        Assert.True(made.ExitCode == 0, made.Stderr);
        // Awkward lines the mapper and the reference must treat alike: blank, too short, CRLF, no path.
        File.AppendAllText(log, "\n\nshort line\r\n2026-11-29T23:59:59Z userX\r\n2026-11-29T23:59:59Z  /double-space\n");
        foreach (string by in new[] { "user", "day", "user,day" })
        {
            WordCounts expected = VisitLog.Count([log], by);
            Hyper.Outcome o = Hyper.Run("visits", log, "--by", by, "--top", "1000000", "--json");
            Assert.True(o.ExitCode == 0, o.Stderr);
            using JsonDocument doc = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            var got = doc.RootElement.GetProperty("top").EnumerateArray().ToDictionary(e => e.GetProperty("word").GetString()!, e => e.GetProperty("count").GetInt64());
            Assert.Equal(0, WordCounts.Differences(expected, WordCounts.From(got)));
            Assert.Equal(by == "day" ? 7 : by == "user" ? 38 : expected.Distinct, got.Count);
        }
    }

    [Theory]
    [InlineData("--by", "week")]
    [InlineData("--top", "x")]
    [InlineData("--on", "moon")]
    public void Visits_BadInput_OneLineErrorAndExitCode2(string option, string value)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("v.log"), "2026-11-23T00:00:00Z user1 /page/1\n");
        Hyper.AssertBadInput("visits", temp.File("v.log"), option, value);
    }
}

/// <summary>The visits mapper over small chunks and many partitions: every line is one record, whole.</summary>
public sealed class VisitsMapperTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    public void Mapper_SmallChunks_CountEveryLineOnce(int chunkBytes)
    {
        using var temp = new TempDirectory();
        string log = temp.File("v.log");
        VisitLog.Generate(log, 50, 5000, 2);
        WordCounts expected = VisitLog.Count([log], "user,day");
        var mapper = HyperSharp.Cluster.Dataflow.Mappers.Get(VisitLog.Mapper);
        foreach (int parts in new[] { 1, 3, 40 })
        {
            var table = new WordTable();
            foreach (TextPartition p in TextPartitions.Split([log], parts))
            {
                using TextPartitions.ChunkReader reader = TextPartitions.Open(p, chunkBytes);
                while (reader.Next(out ReadOnlySpan<byte> chunk))
                    mapper.MapText(chunk, "user,day", table);
            }
            Assert.Equal(0, WordCounts.Differences(expected, table.ToCounts()));
            Assert.Equal(5000, table.Total);
        }
    }
}
