using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>
/// The bench of any ladder, planned from its spec declaration: every combination of the axes' values; at each, every
/// rung through <c>hyper run</c> in a process of its own (parallel rungs at each count, rungs that sweep a parameter
/// at each of its values, rungs past their <see cref="IRung.MaxBenchWork"/> as skipped rows), then the peers on the
/// same spec. Peers are checked by fingerprint against an exact rung, else by the ladder's checksum rule.
/// </summary>
public sealed class LadderBench<TSpec, TProblem, TResult>(
    Ladder<TSpec, TProblem, TResult> ladder, Func<BenchFile, IEnumerable<string>>? notes = null) : ISystemBench
{
    public ILadder Ladder => ladder;

    public IReadOnlyList<string> Axes { get; } = ladder.Spec.Axes.Select(a => a.Name).ToArray();

    /// <summary>The unit of work, for skip reasons: the throughput unit without its "/s" (particle-steps).</summary>
    private string WorkUnit { get; } = ladder.Unit.EndsWith("/s", StringComparison.Ordinal) ? ladder.Unit[..^2] : ladder.Unit;

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            ladder.Find(rung);
        // Node counts given to rungs that take none would be a sweep that silently does not happen.
        if (settings.Nodes.Count > 0 && settings.Rungs.Count > 0 && !settings.Rungs.Any(r => ladder.Find(r).Uses.HasFlag(RungResources.Nodes)))
            throw new SpecException($"--nodes is for the distributed rung, and --rungs {string.Join(",", settings.Rungs)} has none");
        foreach (string name in settings.Values.Keys)
        {
            if (!ladder.Spec.Options.Any(p => p.Name == name))
                throw new SpecException($"{ladder.Name} has no parameter '{name}'");
        }
        foreach (TSpec spec in Specs(settings))
        {
            ladder.Validate(spec);
            foreach ((SpecParameter swept, IReadOnlyList<SpecValue> values) in Swept(settings))
            {
                foreach (SpecValue v in values.Skip(1))
                    ladder.Validate(ladder.Spec.With(spec, swept.Name, v));
            }
        }
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;
        IReadOnlyList<IRung> chosen = settings.Rungs.Count == 0 ? ladder.Rungs : settings.Rungs.Select(ladder.Find).ToArray();
        foreach (TSpec spec in Specs(settings))
        {
            List<BenchItem> rungItems = RungItems(settings, spec, chosen).ToList();
            foreach (BenchItem item in rungItems)
                yield return item;
            foreach ((SpecParameter swept, IReadOnlyList<SpecValue> values) in Swept(settings))
            {
                foreach (SpecValue v in values.Skip(1))
                {
                    foreach (BenchItem item in RungItems(settings, ladder.Spec.With(spec, swept.Name, v), chosen.Where(r => r.Sweeps == swept.Name)))
                        yield return item;
                }
            }
            if (!settings.Peers)
                continue;
            // Peers are judged against an exact rung on their own spec; when none of the chosen ones is (--rungs
            // fastmath,gpu), the fastest exact CPU rung runs for the check alone.
            if (peers is not null && !rungItems.Any(i => i.Skip is null && ladder.Find(i.Label).Tolerance == 0) && CheckRung(spec) is { } check)
                yield return RungItems(settings, spec, [check]).Last() with { IsCheck = true };
            TSpec peerSpec = spec;
            IReadOnlyList<string> Arguments() =>
                [.. ladder.Spec.Arguments(peerSpec), .. ladder.PeerArguments(peerSpec, () => ladder.Build(peerSpec), workDirectory)];
            string NewAnswerPath()
            {
                string path = Path.Combine(workDirectory, $"answer-{_answerSpecs.Count}.bin");
                _answerSpecs[path] = peerSpec;
                return path;
            }
            foreach (BenchItem item in Peer.Items(ladder.Peers, peers, settings, Values(spec), ladder.Work(spec), WorkUnit, Arguments,
                         ladder.ReadsAnswers ? NewAnswerPath : null, (ladder.PeerWork(spec), ladder.PeerWorkUnit ?? WorkUnit)))
                yield return item;
        }
    }

    /// <summary>The machine's limits the rows were placed against (where the system declares a cost), then the system's own notes.</summary>
    public IEnumerable<string> Notes(BenchFile bench) => MachineLimits.Notes(bench).Concat(notes?.Invoke(bench) ?? []);

    /// <summary>
    /// A peer's answer is right when its fingerprint equals that of a verified, exact rung on the same spec (an exact
    /// peer with another fingerprint is wrong); a peer that is not meant to be bit-identical, or that prints no
    /// fingerprint, is judged by the ladder's checksum rule
    /// instead (<see cref="Ladder{TSpec,TProblem,TResult}.CheckPeer"/>); "not checked" when there is nothing to judge by.
    /// </summary>
    public RunResult VerifyPeer(RunResult peer, PeerProgram program, IReadOnlyList<RunResult> rungResults, string? answerPath = null)
    {
        RunResult? exact = rungResults.FirstOrDefault(r =>
            r.Error is null && r.Verified == true && r.Verification is { Tolerance: 0 } && r.Kind != "peer" && SameParameters(peer, r));
        if (peer.Fingerprint is not null && exact?.Fingerprint is not null)
        {
            bool same = string.Equals(peer.Fingerprint, exact.Fingerprint, StringComparison.OrdinalIgnoreCase);
            if (same || program.Exact)
            {
                return peer with
                {
                    Verified = same,
                    Verification = new VerificationInfo(exact.Rung, exact.Spec, same ? 0 : 1, 0,
                        "fingerprint (SHA-256 of the whole answer): 0 equal, 1 different") { Method = "fingerprint" },
                };
            }
        }
        if (answerPath is not null && _answerSpecs.TryGetValue(answerPath, out TSpec? spec))
            return VerifyAnswer(peer, program, spec, answerPath);
        Verification? v = ladder.CheckPeer(program, peer.Spec ?? [], peer.Checksum, exact?.Checksum);
        return v is null
            ? peer with
            {
                Verified = null,
                Verification = new VerificationInfo("none", peer.Spec, 0, 0, "none", "no verified exact rung on this spec") { Method = "none" },
            }
            : peer with
            {
                Verified = v.Passed,
                // A statistical check (a peer with its own generator) uses no rung's answer, whatever rungs ran.
                Verification = exact is null || v.Method == OracleMethod.Statistical
                    ? new VerificationInfo(v.Method.ToString().ToLowerInvariant(), peer.Spec, v.Error, v.Tolerance, v.Measure) { Method = v.Method.ToString().ToLowerInvariant() }
                    : new VerificationInfo(exact.Rung, exact.Spec, v.Error, v.Tolerance, v.Measure) { Method = "checksum" },
            };
    }

    // The spec of each answer file handed out by Plan, and the last exact answer computed (peers of one spec follow
    // each other, so one is kept: a large grid is large).
    private readonly Dictionary<string, TSpec> _answerSpecs = [];
    private (TSpec Spec, string Rung, TResult Answer)? _exact;

    /// <summary>
    /// Compares the peer's whole answer, element by element, with the answer of the fastest exact CPU rung computed
    /// here from the same spec (the rung the bench verified, or ran for the check), at the ladder's peer tolerance;
    /// records the largest error. The checksum is not consulted. A missing or misshapen answer file fails.
    /// </summary>
    private RunResult VerifyAnswer(RunResult peer, PeerProgram program, TSpec spec, string answerPath)
    {
        if (_exact is not { } known || !EqualityComparer<TSpec>.Default.Equals(known.Spec, spec))
        {
            Rung<TProblem, TResult> rung = CheckRung(spec) ?? ladder.Reference;
            TProblem problem = ladder.Build(spec);
            try
            {
                _exact = known = (spec, rung.Name, rung.Run(problem, RunContext.Default));
            }
            finally
            {
                (problem as IDisposable)?.Dispose();
            }
        }
        Dictionary<string, SpecValue> described = Values(spec);
        if (!File.Exists(answerPath) || !ladder.TryReadAnswer(spec, File.ReadAllBytes(answerPath), out TResult? answer))
        {
            return peer with
            {
                Verified = false,
                Verification = new VerificationInfo(known.Rung, described, double.PositiveInfinity, ladder.PeerAnswerTolerance,
                    "whole answer (--answer file missing or of the wrong size)") { Method = "answer" },
            };
        }
        Verification v = ladder.VerifyPeerAnswer(program, spec, known.Answer, answer);
        return peer with
        {
            Verified = v.Passed,
            Verification = new VerificationInfo(known.Rung, described, v.Error, v.Tolerance, $"whole answer: {v.Measure}") { Method = "answer" },
        };
    }

    /// <summary>Every spec parameter <paramref name="peer"/> reports has the same value in <paramref name="rung"/>'s spec.</summary>
    public static bool SameParameters(RunResult peer, RunResult rung) =>
        peer.Spec is { Count: > 0 } && rung.Spec is not null &&
        peer.Spec.All(kv => rung.Spec.TryGetValue(kv.Key, out SpecValue v) && Peer.Same(v, kv.Value));


    /// <summary>Every spec of the bench: the product of the axes' values, other parameters as given or by default.</summary>
    public IEnumerable<TSpec> Specs(BenchSettings settings)
    {
        var fixedValues = new Dictionary<string, SpecValue>();
        foreach (SpecParameter p in ladder.Spec.Options.Where(p => p.Axis is null))
        {
            if (SweepValues(settings, p) is { Count: > 0 } given)
                fixedValues[p.Name] = given[0];
            else if (settings.Report && ladder.Spec.ReportValues.TryGetValue(p.Name, out SpecValue report))
                fixedValues[p.Name] = report;
        }
        IEnumerable<Dictionary<string, SpecValue>> combinations = [fixedValues];
        foreach (SpecParameter axis in ladder.Spec.Axes)
        {
            IReadOnlyList<SpecValue> values = settings.Values.TryGetValue(axis.Name, out IReadOnlyList<SpecValue>? given) && given.Count > 0
                ? given
                : settings.Report ? axis.Axis!.Report : axis.Axis!.Bench;
            combinations = combinations.SelectMany(c => values.Select(v => new Dictionary<string, SpecValue>(c) { [axis.Name] = v })).ToList();
        }
        return combinations.Select(ladder.Spec.Create);
    }

    private IEnumerable<(SpecParameter Parameter, IReadOnlyList<SpecValue> Values)> Swept(BenchSettings settings) =>
        ladder.Spec.Options.Where(p => p.SweepOption is not null)
            .Select(p => (p, SweepValues(settings, p)!)).Where(s => s.Item2 is { Count: > 1 });

    /// <summary>A parameter's values as given, else (for the report) the ones its declaration sweeps in a report.</summary>
    private IReadOnlyList<SpecValue>? SweepValues(BenchSettings settings, SpecParameter p) =>
        settings.Values.TryGetValue(p.Name, out IReadOnlyList<SpecValue>? given) ? given
        : settings.Report && ladder.Spec.ReportSweeps.TryGetValue(p.Name, out IReadOnlyList<SpecValue>? report) ? report
        : null;

    private Dictionary<string, SpecValue> Values(TSpec spec) => LadderRunner.Describe(ladder, spec);

    /// <summary>
    /// The fastest exact rung that runs on the CPU here at <paramref name="spec"/>: ladders list their rungs from
    /// slowest to fastest, so the last exact one that is available, no lesson, and within its work limit. Never a
    /// compiled (native) rung: that is the C peers' own kernel, and a peer is checked against C#, not against itself.
    /// Nor a distributed one: checking a peer starts no cluster.
    /// </summary>
    public Rung<TProblem, TResult>? CheckRung(TSpec spec)
    {
        double work = ladder.Work(spec);
        return ladder.Rungs.LastOrDefault(r => r.Tolerance == 0 && !r.Uses.HasFlag(RungResources.Device) && !r.Uses.HasFlag(RungResources.Nodes) && !r.IsLesson && r.Kind != RungKind.Compiled &&
            r.Availability.IsAvailable && work <= r.MaxBenchWork);
    }

    private IEnumerable<BenchItem> RungItems(BenchSettings settings, TSpec spec, IEnumerable<IRung> rungs)
    {
        IReadOnlyList<string> args = ladder.Spec.Arguments(spec);
        Dictionary<string, SpecValue> values = Values(spec);
        double work = ladder.Work(spec);
        foreach (IRung rung in rungs)
        {
            // A rung that cannot run here is a row that says why, not a silent gap.
            string? skip = !rung.Availability.IsAvailable ? $"skipped: does not run here: {rung.Availability.Reason}"
                : work > rung.MaxBenchWork
                ? rung.IsLesson
                    ? $"skipped: {rung.Technique.Split(':')[0]} is a lesson in slowness, run up to {rung.MaxBenchWork:G3} {WorkUnit}"
                    : $"skipped at this size: more than {rung.MaxBenchWork:G2} {WorkUnit} would take minutes (other rungs still verify against it on a smaller spec)"
                : null;
            (string option, bool counted) = rung.Uses.HasFlag(RungResources.Processes) ? ("--processes", true)
                : rung.Uses.HasFlag(RungResources.Threads) ? ("--threads", true)
                : ("--threads", false);
            // A rung that keeps operations in flight runs at each of the bench's concurrency counts, a distributed
            // rung at each of its node counts.
            bool concurrent = rung.Uses.HasFlag(RungResources.Concurrency), distributed = rung.Uses.HasFlag(RungResources.Nodes);
            foreach (int count in counted ? settings.ThreadCounts : [1])
            {
                string n = count.ToString(CultureInfo.InvariantCulture);
                foreach (int inFlight in concurrent ? settings.ConcurrencyCounts : [0])
                {
                    foreach (int nodes in distributed ? settings.NodeCounts : [0])
                    {
                        yield return new BenchItem(rung.Name, IsPeer: false, values, count,
                            [.. ChildProcess.Self(), "run", ladder.Name, "--rung", rung.Name, .. args, option, n,
                             .. concurrent ? ["--concurrency", inFlight.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                             .. distributed ? ["--nodes", nodes.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                             "--json", .. settings.NoCache ? ["--no-cache"] : Array.Empty<string>()], skip) { Nodes = nodes };
                    }
                }
            }
        }
    }
}
