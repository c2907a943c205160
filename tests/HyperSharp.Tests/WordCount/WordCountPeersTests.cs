using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.WordCount;

/// <summary>A test that runs /usr/bin/python3 with these modules; skipped, saying which is missing, without them.</summary>
public sealed class PythonModulesTheoryAttribute : TheoryAttribute
{
    public PythonModulesTheoryAttribute(params string[] modules)
    {
        if (PeerLocator.Python() is not { } python)
        {
            Skip = "python3 is not installed here: the Python word-count peers cannot run";
            return;
        }
        foreach (string module in modules)
        {
            if (!Imports(python, module))
            {
                Skip = $"{python} cannot import {module} (apt-get install python3-{module.Split('.')[0]}): its word-count peer cannot run";
                return;
            }
        }
    }

    private static readonly Dictionary<string, bool> s_imports = [];

    private static bool Imports(string python, string module)
    {
        lock (s_imports)
        {
            if (!s_imports.TryGetValue(module, out bool ok))
            {
                using var p = Process.Start(new ProcessStartInfo(python, ["-c", "import " + module]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
                p.StandardError.ReadToEnd();
                ok = p.WaitForExit(60_000) && p.ExitCode == 0;
                s_imports[module] = ok;
            }
            return ok;
        }
    }
}

/// <summary>A test that runs the coreutils peer (bash, tr, sort, uniq, perl, sha256sum); skipped, saying which is missing, without them.</summary>
public sealed class CoreutilsPeerFactAttribute : FactAttribute
{
    public CoreutilsPeerFactAttribute()
    {
        if (new[] { "bash", "tr", "sort", "uniq", "perl", "sha256sum" }.FirstOrDefault(t => PeerLocator.OnPath(t) is null) is { } missing)
            Skip = $"{missing} is not on PATH: the coreutils word-count peer cannot run";
    }
}

/// <summary>
/// The word count's peers: the books' Python (dict, Dask bag foldby on processes and on a distributed LocalCluster)
/// give HyperSharp's answer exactly, on Zipf text and on text made to trip an analyzer; the coreutils pipeline gives it
/// on ASCII text and on the Zipf corpus, and its ASCII-only cutting is caught elsewhere; the bench runs and checks them;
/// a distributed job measures its phases and the bytes it moves.
/// </summary>
public sealed class WordCountPeersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Lines that trip an analyzer: a byte-order mark, dotted and dotless i, final sigma, ß and ẞ, numerals that are not decimal digits (², Ⅻ, ½), combining marks, non-ASCII punctuation and spaces, underscores, fullwidth and astral letters (whose UTF-16 order is not their code point order), emoji, tokens past 255 UTF-16 units, CRLF and tabs.</summary>
    private static readonly string s_unicode = string.Join("\n",
        "\uFEFFThe İstanbul ıssız ΣΊΣΥΦΟΣ σίσυφος straße STRASSE ẞ",
        "x²y Ⅻ ½ 3rd 4th 東京大阪 東京 naïve nai\u0301ve café—bar a\u00A0b",
        "snake_case foo_bar __init__ 123 007 Ｆｕｌｌ ＡＢＣ \U00010400\U00010401 \U00010428 \U0001D400\U0001D401 emoji\U0001F600joined \U0001F389",
        "tab\tsep\r\ncrlf " + new string('a', 300) + " " + new string('é', 300) + " " + string.Concat(Enumerable.Repeat("\U00010400", 200)) + " " + new string('a', 254) + "\U00010400b",
        "Don't stop-at 3:45, Ærø! ÆRØ-x the THE The") + "\n";

    /// <summary>ASCII only (words under 255 letters): punctuation, digits, underscores, mixed case, CRLF, tabs.</summary>
    private static readonly string s_ascii =
        "Don't stop-at 3:45, the THE The!\r\nsnake_case foo_bar __init__ 123 007 x2y\tTab\n" + new string('Q', 255) + " end.\n";

    private string Write(string name, string text, byte[]? tail = null)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(text), .. tail ?? []]);
        return path;
    }

    private string Corpus(long bytes = 1_500_000) => CorpusAt(_dir.File("zipf.txt"), bytes);

    private static string CorpusAt(string path, long bytes)
    {
        if (!File.Exists(path))
            ZipfText.Write(path, bytes, 20_000, 1.1, 7);
        return path;
    }

    /// <summary>Bytes that are not UTF-8 (a lone lead byte, FF FE, a cut sequence): separators for the analyzer.</summary>
    private static readonly byte[] s_invalid = [.. "ok"u8, 0xC3, .. "(bad"u8, 0xFF, 0xFE, .. "end"u8, 0xE2, 0x82, .. " done\n"u8];

    private static string Peers => PeerLocator.Find(null) ?? throw new InvalidOperationException("no peers/ folder above the tests");

    /// <summary>Runs one peer on <paramref name="path"/> as the bench does; its result and its answer as written.</summary>
    private (RunResult Result, WordCounts Answer) RunPeer(string name, string path, int threads = 2)
    {
        PeerProgram program = Catalog.WordCount.Peers.Single(p => p.Name == name);
        (string[]? prefix, string? missing) = Peer.Locate(program, Peers);
        Assert.True(prefix is not null, missing);
        string answer = _dir.File($"{name}-{Guid.NewGuid():N}.bin");
        RunResult r = ChildProcess.Run([.. prefix!, "--input", path, "--bytes", "1000", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--repeats", "1", "--answer", answer], "wordcount", name, TimeSpan.FromMinutes(5));
        Assert.True(r.Error is null, $"{name}: {r.Error}");
        Assert.True(Catalog.WordCount.TryReadAnswer(new WordCountSpec(1000, 1, 1, 1), File.ReadAllBytes(answer), out WordCounts? counts), $"{name}: unreadable answer");
        Assert.Equal("peer", r.Kind);
        Assert.Equal(1000, r.Spec!["bytes"].Number);
        Assert.Equal(new FileInfo(path).Length / 1e6, r.Work, 9);
        return (r, counts);
    }

    private static void AssertOurs(string name, string path, RunResult r, WordCounts answer)
    {
        WordCounts ours = WordCountReference.Count([path]);
        Verification v = WordCountLadder.CompareWithOurs(ours, answer);
        Assert.True(v.Passed, $"{name}: {v.Measure} = {v.Error}");
        Assert.Equal(ours.Total, r.Checksum);
        Assert.Equal(ours.Distinct, r.Figures!["distinct"]);
        Assert.Equal(Catalog.WordCount.Fingerprint(ours)!.Value.Hex, r.Fingerprint, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ladder_DeclaresThePeers_TheDaskOnesAndCoreutilsPerThreadCount()
    {
        Assert.Equal(["python-dict", "dask-processes", "dask-distributed", "coreutils"], Catalog.WordCount.Peers.Select(p => p.Name));
        Assert.Equal(["python", "python", "python", "shell"], Catalog.WordCount.Peers.Select(p => p.Implementation));
        Assert.Equal([false, true, true, true], Catalog.WordCount.Peers.Select(p => p.Parallel));
        Assert.True(Catalog.WordCount.ReadsAnswers);
    }

    [Fact]
    public void PeerArguments_WriteTheSpecsTextOnce_AsTheRungsCountIt()
    {
        var spec = new WordCountSpec(50_000, 500, 1.1, 3);
        IReadOnlyList<string> args = Catalog.WordCount.PeerArguments(spec, () => throw new InvalidOperationException("not built"), _dir.Path);
        Assert.Equal("--input", args[0]);
        DateTime written = File.GetLastWriteTimeUtc(args[1]);
        Assert.Equal(args, Catalog.WordCount.PeerArguments(spec, () => throw new InvalidOperationException("not built"), _dir.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(args[1]));
        using WordCountProblem problem = Catalog.WordCount.Build(spec);
        Assert.Equal(File.ReadAllBytes(problem.Files[0]), File.ReadAllBytes(args[1]));
    }

    [Fact]
    public void Answer_ReadsInAnyOrder_SumsRepeats_RejectsGarbage()
    {
        WordCounts ours = WordCountReference.Count([Write("u.txt", s_unicode)]);
        var spec = new WordCountSpec(1, 1, 1, 1);
        Assert.True(Catalog.WordCount.TryReadAnswer(spec, ours.Canonical(), out WordCounts? back));
        Assert.Equal(0, WordCounts.Differences(ours, back));

        byte[] Entry(string w, long n) => [.. Encoding.UTF8.GetBytes(w), 0, .. BitConverter.GetBytes(n)];
        Assert.True(Catalog.WordCount.TryReadAnswer(spec, [.. Entry("b", 2), .. Entry("a", 1), .. Entry("b", 3)], out WordCounts? shuffled));
        Assert.Equal(["a", "b"], shuffled.Words);
        Assert.Equal([1L, 5L], shuffled.Counts);
        Assert.True(Catalog.WordCount.TryReadAnswer(spec, [], out WordCounts? empty));
        Assert.Equal(0, empty.Distinct);

        Assert.False(Catalog.WordCount.TryReadAnswer(spec, [.. Entry("a", 1)[..^1]], out _)); // a count cut short
        Assert.False(Catalog.WordCount.TryReadAnswer(spec, [0, .. BitConverter.GetBytes(1L)], out _)); // an empty word
        Assert.False(Catalog.WordCount.TryReadAnswer(spec, Entry("a", 0), out _)); // a word never seen
    }

    [Fact]
    public void CompareWithOurs_CountsTheWordsThatDiffer_AndNamesDistinctTotalAndTop()
    {
        WordCounts ours = WordCounts.From(new Dictionary<string, long> { ["a"] = 3, ["b"] = 2, ["c"] = 1 });
        Verification same = WordCountLadder.CompareWithOurs(ours, ours);
        Assert.True(same.Passed);
        Assert.Contains("top 10 the same", same.Measure);

        WordCounts theirs = WordCounts.From(new Dictionary<string, long> { ["a"] = 3, ["b"] = 1, ["c"] = 2, ["d"] = 1 });
        Verification v = WordCountLadder.CompareWithOurs(ours, theirs);
        Assert.False(v.Passed);
        Assert.Equal(3, v.Error); // b, c and d
        Assert.Contains("distinct 4 vs 3", v.Measure);
        Assert.Contains("words 7 vs 6", v.Measure);
        Assert.Contains("top 10 different", v.Measure);
    }

    [Fact]
    public void Locate_ShellPeer_WithoutItsScript_SaysWhere()
    {
        (string[]? prefix, string? missing) = Peer.Locate(PeerProgram.Shell("no-such-pipeline", "x", "y"), _dir.Path);
        Assert.Null(prefix);
        Assert.Contains("no no-such-pipeline.sh", missing);
    }

    private string Input(string input) => input switch
    {
        "zipf" => Corpus(),
        "unicode" => Write("unicode.txt", s_unicode),
        "ascii" => Write("ascii.txt", s_ascii),
        _ => Write("invalid.txt", s_unicode, s_invalid),
    };

    [PythonModulesTheory]
    [InlineData("zipf")]
    [InlineData("unicode")]
    [InlineData("invalid")]
    public void PythonDict_IsOursExactly(string input)
    {
        string path = Input(input);
        (RunResult r, WordCounts answer) = RunPeer("python-dict", path);
        AssertOurs("python-dict", path, r, answer);
        Assert.Equal(1, r.Threads);
    }

    [PythonModulesTheory("dask.bag")]
    [InlineData("zipf")]
    [InlineData("unicode")]
    public void DaskProcesses_IsOursExactly(string input)
    {
        string path = Input(input);
        (RunResult r, WordCounts answer) = RunPeer("dask-processes", path);
        AssertOurs("dask-processes", path, r, answer);
        Assert.Equal(2, r.Threads);
        // 1.5 MB at about four blocks per worker, 1 MB at least: two blocks, so the foldby combines across partitions.
        Assert.Equal(input == "zipf" ? 2 : 1, r.Figures!["partitions"]);
    }

    [PythonModulesTheory("dask.bag", "distributed")]
    [InlineData("zipf")]
    [InlineData("invalid")]
    public void DaskDistributed_IsOursExactly(string input)
    {
        string path = Input(input);
        (RunResult r, WordCounts answer) = RunPeer("dask-distributed", path);
        AssertOurs("dask-distributed", path, r, answer);
        Assert.Equal(2, r.Threads);
    }

    [CoreutilsPeerFact]
    public void Coreutils_IsOursExactly_OnTheZipfCorpusAndOnAscii()
    {
        foreach (string input in new[] { "zipf", "ascii" })
        {
            string path = Input(input);
            (RunResult r, WordCounts answer) = RunPeer("coreutils", path, threads: 1);
            AssertOurs($"coreutils on {input}", path, r, answer);
        }
    }

    [CoreutilsPeerFact]
    public void Coreutils_CutsBytesNotLetters_AndTheCheckSaysSo()
    {
        string path = Input("unicode");
        (RunResult r, WordCounts answer) = RunPeer("coreutils", path, threads: 1);
        Verification v = WordCountLadder.CompareWithOurs(WordCountReference.Count([path]), answer);
        Assert.False(v.Passed);
        // Its documented approximations: non-ASCII punctuation joins words, non-ASCII capitals stay, no cut at 255.
        Assert.Contains("café—bar", answer.Words);
        Assert.Contains("ΣΊΣΥΦΟΣ", answer.Words);
        Assert.Contains(new string('é', 300), answer.Words);
        Assert.Contains(new string('a', 300), answer.Words);
        Assert.NotEqual(Catalog.WordCount.Fingerprint(WordCountReference.Count([path]))!.Value.Hex, r.Fingerprint, StringComparer.OrdinalIgnoreCase);
    }

    [CoreutilsPeerFact]
    public void Bench_RunsTheCoreutilsPeer_OnTheSpecsFile_AndChecksIt_WhileMissingPeersSayWhy()
    {
        string peers = Directory.CreateDirectory(_dir.File("peers")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(peers, "shell"), Path.Combine(Peers, "shell"));
        string json = _dir.File("bench.json");

        Hyper.Outcome o = Hyper.Run("bench", "wordcount", "--peers", "--peers-dir", peers, "--rungs", "reference", "--bytes", "300000",
            "--threads", "1", "--json", json);

        Assert.True(o.ExitCode == 0, o.Stderr);
        List<RunResult> rows = BenchFile.FromJson(File.ReadAllText(json)).Results;
        RunResult coreutils = Assert.Single(rows, r => r.Rung == "coreutils");
        Assert.True(coreutils.Error is null && coreutils.Verified == true && coreutils.Verification!.Method == "fingerprint", coreutils.Error);
        Assert.Equal(rows.Single(r => r.Rung == "reference").Checksum, coreutils.Checksum);
        Assert.Equal("MB/s", coreutils.Unit);
        Assert.All(rows.Where(r => r.Rung is "python-dict" or "dask-processes" or "dask-distributed"),
            r => Assert.True(r.Skipped == true && r.Error!.Contains("no wordcount.py", StringComparison.Ordinal), r.Error));
    }

    [Fact]
    public void CrossNodeBytes_CountsTheHopsBetweenDifferentSilos()
    {
        MapOutput Map(int p, string silo, params int[] buckets) => new() { Partition = p, Silo = silo, Buckets = [.. buckets.Select(n => new byte[n])] };
        ReduceOutput Reduce(int b, string silo, int table) => new() { Bucket = b, Silo = silo, Table = new byte[table] };
        MapOutput[] maps = [Map(0, "d", 10, 20), Map(1, "x", 1, 2)];
        ReduceOutput[] reduces = [Reduce(0, "d", 100), Reduce(1, "x", 200)];
        // Map 1's output leaves x (3); reducer 1 on x receives bucket 1 of both (22) and returns its table (200).
        Assert.Equal(3 + 22 + 200, JobRunner.CrossNodeBytes(maps, reduces, "d"));
        // An outside driver: every hop crosses, 2 × shuffled + collected.
        Assert.Equal(2 * 33 + 300, JobRunner.CrossNodeBytes(maps, reduces, null));
    }
}

/// <summary>What a distributed word count measures per job, on an embedded cluster of two silos.</summary>
[Collection(HyperSharp.Tests.Cluster.OrleansCollection.Name)]
public sealed class WordCountJobStatsTests
{
    [Fact]
    public async Task Job_TimesItsPhases_AndCountsTheBytesItMoves()
    {
        using var temp = new TempDirectory();
        string path = temp.File("corpus.txt");
        ZipfText.Write(path, 3_000_000, 20_000, 1.1, 5);
        WordCounts expected = WordCountReference.Count([path]);
        await using LocalCluster cluster = await LocalCluster.StartAsync(2, FailureDetection.Fast);

        var clock = new PhaseClock();
        JobResult r = await DistributedWordCount.RunAsync(cluster.Grains, [path], 2, 4, new JobOptions { Phases = clock, DriverSilo = LocalCluster.DriverSilo });
        Assert.Equal(0, WordCounts.Differences(expected, r.Table.ToCounts()));
        JobStats s = r.Stats;
        Assert.Equal(["map+combine", "shuffle+reduce", "collect"], clock.Read().Select(p => p.Name));
        Assert.All(clock.Read(), p => Assert.True(p.Seconds > 0, p.Name));
        Assert.True(s.MapTaskSeconds > 0 && s.ReduceTaskSeconds > 0 && s.ReduceTaskMaxSeconds <= s.ReduceTaskSeconds);
        Assert.Equal(2, s.Reducers);
        Assert.True(s.ShuffledBytes > 0 && s.CollectedBytes > 0);
        // Never more than every hop would carry (placement is random: every task may land on the other silo, or none);
        // a map task that ran on the other silo sent its output across.
        Assert.InRange(s.CrossNodeBytes, 0, 2 * s.ShuffledBytes + s.CollectedBytes);
        if (s.Silos.Any(kv => kv.Key != LocalCluster.DriverSilo && kv.Value > 0))
            Assert.True(s.CrossNodeBytes > 0);

        JobResult outside = await DistributedWordCount.RunAsync(cluster.Grains, [path], 2, 4, new JobOptions());
        Assert.Equal(2 * outside.Stats.ShuffledBytes + outside.Stats.CollectedBytes, outside.Stats.CrossNodeBytes);

        IReadOnlyDictionary<string, double> figures = WordCountLadder.JobFigures(s);
        Assert.Equal(s.CrossNodeBytes, figures["cross_node_bytes"]);
        Assert.Equal(s.MapSeconds, figures["map_s"]);
    }

    [Fact]
    public void BenchNote_ShowsEachDistributedRowsPhasesAndBytes_AndNothingWithoutThem()
    {
        RunResult Row(string rung, Dictionary<string, double>? figures) => new()
        {
            System = "wordcount", Rung = rung, Verified = true, Threads = 1, Seconds = 2, Work = 20,
            Resources = new Dictionary<string, int> { ["nodes"] = 3 },
            Spec = new Dictionary<string, SpecValue> { ["bytes"] = SpecValue.Of(20_000_000) },
            Figures = figures,
            Phases = figures is null ? null : [new PhaseResult("map+combine", 1.5, 1.4, 1.6), new PhaseResult("shuffle+reduce", 0.25, 0.2, 0.3), new PhaseResult("collect", 0.125, 0.1, 0.2)],
        };
        var job = new Dictionary<string, double>
        {
            ["shuffled_bytes"] = 4_000_000, ["cross_node_bytes"] = 5_000_000, ["collected_bytes"] = 800_000, ["map_task_s"] = 3, ["reduce_task_s"] = 0.5,
        };
        var bench = new BenchFile
        {
            System = "wordcount", Title = "t", Unit = "MB/s", SizeName = "bytes", Axes = ["bytes"],
            Machine = MachineInfo.Current(), Created = DateTimeOffset.UnixEpoch,
            Results = [Row("reference", null), Row("distributed", job)],
        };
        string[] notes = [.. HyperSharp.Harness.WordCount.WordCountJobNotes.Notes(bench)];
        string row = Assert.Single(notes, l => l.StartsWith("20,000,000", StringComparison.Ordinal));
        Assert.Contains("1.500 s", row);
        Assert.Contains("250.00 ms", row);
        Assert.Contains("0.200", row); // shuffled bytes per input byte
        Assert.Contains(Units.Bytes(5_000_000), row);
        Assert.Contains(" 3 ", row); // nodes
        Assert.Empty(HyperSharp.Harness.WordCount.WordCountJobNotes.Notes(bench with { Results = [Row("reference", null)] }));
    }

    [Fact]
    public void InProcessRungs_HaveNoJobFigures()
    {
        using var temp = new TempDirectory();
        string path = temp.File("t.txt");
        File.WriteAllText(path, "a b a\n");
        Assert.Null(Catalog.WordCount.Figures(WordCountReference.Count([path])));
    }

    [Fact]
    public void WordCountJson_Distributed_CarriesTheJobsMeasurements()
    {
        using var temp = new TempDirectory();
        string path = temp.File("corpus.txt");
        ZipfText.Write(path, 300_000, 2000, 1.1, 5);
        Hyper.Outcome o = Hyper.Run("wordcount", path, "--json", "--top", "1");
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(o.Stdout.Trim());
        JsonElement job = doc.RootElement.GetProperty("job");
        foreach (string name in new[] { "map_s", "reduce_s", "collect_s", "map_task_s", "reduce_task_s", "shuffled_bytes", "cross_node_bytes", "collected_bytes", "partitions" })
            Assert.True(job.TryGetProperty(name, out _), name);
        Assert.True(job.GetProperty("shuffled_bytes").GetInt64() > 0);
        // One embedded silo, the driver's own: nothing crosses between nodes.
        Assert.Equal(0, job.GetProperty("cross_node_bytes").GetInt64());
        Assert.Contains("between nodes", o.Stderr);
    }
}
