using System.CommandLine;
using System.Globalization;
using HyperSharp.Gpu;
using HyperSharp.Gpu.Ptx;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using ILGPU.Runtime.Cuda;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper asm SYSTEM --rung NAME [spec options]</c>: a CPU rung's machine code (<see cref="CpuAsm"/>), or
/// <c>hyper asm SYSTEM --rung gpu [--arch sm_90] [spec options]</c>: the PTX of a GPU rung's kernels, compiled here
/// without a GPU, with a summary of each kernel and a first-order estimate of its launches on an H200 at the spec
/// (the default spec unless options are given). Everything but the PTX is printed as PTX comments, so one kernel's
/// output is a PTX file.
/// </summary>
internal static class AsmCommand
{
    public static Command Create<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
    {
        string[] gpu = ladder.Rungs.OfType<IGpuRung>().Select(r => r.Name).ToArray();
        var rung = new Option<string>("--rung")
        {
            Description = $"Rung whose code to show: a CPU rung's x64/arm64 machine code, or a GPU rung's PTX ({(gpu.Length == 0 ? $"{ladder.Name} has no GPU rung" : "GPU: " + string.Join(", ", gpu))}).",
            Required = true,
        };
        var method = new Option<string?>("--method")
        {
            Description = "CPU rungs: the methods to disassemble, as the JIT's DOTNET_JitDisasm takes them (e.g. '*ParticleKernel:Blocks'; default: every method of the rung's namespace).",
        };
        var arch = new Option<string?>("--arch")
        {
            Description = $"CUDA architecture to compile for (default: {PtxCompiler.DefaultName}; the tests compile for {PtxCompiler.RequiredNames}).",
        };
        var spec = new SpecOptions<TSpec>(ladder.Spec);
        var command = new Command(ladder.Name, $"The PTX of the GPU kernels of {ladder.Title}, a summary of each and a first-order estimate on an H200 (no GPU needed).")
        {
            rung, arch, method,
        };
        foreach (Option option in spec.Options)
            command.Options.Add(option);
        command.SetAction(p => Guard.Run(() =>
        {
            // Every input is checked before anything is compiled or printed.
            if (ladder.Find(p.GetValue(rung)!) is not GpuRung<TProblem, TResult> and var cpu)
            {
                if (p.GetValue(arch) is not null)
                    throw new SpecException($"--arch is for GPU rungs ({(gpu.Length == 0 ? $"{ladder.Name} has none" : $"GPU rungs of {ladder.Name}: {string.Join(", ", gpu)}")}); {cpu.Name} is a CPU rung, shown as the JIT's machine code for this machine");
                ladder.Validate(spec.Bind(p));
                return CpuAsm.Print(ladder.Name, cpu.Name, cpu.GetType().Namespace, p.GetValue(method), ChildArgs.Forward(p, spec.Options));
            }
            var r = (GpuRung<TProblem, TResult>)ladder.Find(p.GetValue(rung)!);
            CudaArchitecture architecture = Architecture(p.GetValue(arch));
            TSpec s = spec.Bind(p);
            ladder.Validate(s);
            Print(ladder, r, architecture, s);
            return 0;
        }));
        return command;
    }

    private static CudaArchitecture Architecture(string? text)
    {
        if (text is null)
            return PtxCompiler.Default;
        return PtxCompiler.TryParse(text, out CudaArchitecture a)
            ? a
            : throw new SpecException($"--arch takes a CUDA architecture ILGPU knows (got '{text}'): {string.Join(", ", PtxCompiler.Known.Select(PtxCompiler.Name))}");
    }

    private static void Print<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder, GpuRung<TProblem, TResult> rung,
        CudaArchitecture architecture, TSpec spec)
    {
        string arch = PtxCompiler.Name(architecture);
        // Compile every kernel before printing any, so a failure is one line, not half an output.
        var compiled = rung.Kernels.Select(k => (Kernel: k, Ptx: PtxCompiler.Compile(k, architecture))).ToArray();
        TProblem problem = ladder.Build(spec);
        try
        {
            Comment($"{ladder.Name} {rung.Name}: {Count(compiled.Length, "kernel", "kernels")}, compiled to PTX (ISA {PtxCompiler.InstructionSet}) for {arch} by ILGPU {ILGPU.Context.Version}, here, without a GPU");
            string described = string.Join(", ", ladder.Describe(spec).Select(kv => $"{kv.Key}={kv.Value}"));
            foreach ((GpuKernel<TProblem> kernel, string ptx) in compiled)
            {
                PtxSummary summary = PtxSummary.Parse(ptx);
                Console.WriteLine();
                Comment($"==== {kernel.FullName}: PTX ====");
                Console.WriteLine(ptx.TrimEnd());
                Console.WriteLine();
                PrintSummary(kernel, summary, arch, rung.Tolerance);
                Console.WriteLine();
                PrintEstimate(kernel, summary, kernel.Launch(problem), described);
            }
        }
        finally
        {
            (problem as IDisposable)?.Dispose();
        }
    }

    private static void PrintSummary(GpuKernel kernel, PtxSummary summary, string arch, double tolerance)
    {
        PtxTally t = summary.Static;
        Comment($"==== {kernel.FullName}: summary of {summary.Entries.FirstOrDefault() ?? kernel.EntryName} (PTX instructions, each counted once) ====");
        if (summary.Target is { } target)
            Row("target", target == arch
                ? target
                : $"{target}: ILGPU writes the older of the device's architecture and the newest its code needs; the driver's JIT compiles this PTX for {arch}");
        Row("registers", string.Join(", ", summary.Registers.Select(r => $"{r.Type} {r.Count}")));
        Row("instructions", N(t.Instructions));
        Row("global", $"{Count(t.GlobalLoads, "load", "loads")} ({N(t.GlobalLoadBytes)} B), {Count(t.GlobalStores, "store", "stores")} ({N(t.GlobalStoreBytes)} B), {Count(t.GlobalAtomics, "atomic", "atomics")} ({N(t.GlobalAtomicBytes)} B)");
        Row("shared", $"{Count(t.SharedLoads, "load", "loads")}, {Count(t.SharedStores, "store", "stores")}");
        Row("local", $"{Count(t.LocalLoads, "load", "loads")}, {Count(t.LocalStores, "store", "stores")}");
        Row("fp64", Float(t.F64));
        Row("fp32", Float(t.F32));
        Row("integer", $"{N(t.IntegerOps)} ({N(t.IntegerMultiplies)} mul, {N(t.IntegerDivisions)} div/rem)");
        Row("branches", $"{N(t.Branches)} ({N(t.ConditionalBranches)} conditional)");
        if (summary.Loops.Count == 0)
            Row("loops", "none");
        foreach (PtxLoop loop in summary.Loops)
        {
            PtxTally body = summary.Body(loop.Number - 1);
            Row($"loop {loop.Number}", $"at {loop.Header}, depth {loop.Depth}: {Count(loop.Instructions, "instruction", "instructions")}, {N(body.F64.Flops)} fp64 and {N(body.F32.Flops)} fp32 FLOP, {N(body.GlobalBytes)} global bytes a trip");
        }
        Row("fusable", $"{Count(summary.FusableMulAdds, "mul+add pair", "mul+add pairs")} with no rounding modifier: the driver's JIT may fuse each into one fma (one rounding, not two)");
        if (tolerance == 0 && summary.FusableMulAdds > 0)
            Row("exactness", "this rung claims exact results (tolerance 0), so they must not change if those pairs are fused; only a run on a GPU shows it");
    }

    private static void PrintEstimate<TProblem>(GpuKernel<TProblem> kernel, PtxSummary summary, GpuLaunch launch, string spec)
    {
        GpuPeaks peaks = GpuPeaks.H200Sxm;
        Comment($"==== {kernel.FullName}: first-order estimate on an {peaks.Name} (an estimate from the counts above, not a measurement) ====");
        Row("spec", spec);
        if (launch.Launches == 0 || launch.Threads == 0)
        {
            Row("launches", "none at this spec: nothing to estimate");
            return;
        }
        var e = new KernelEstimate(summary, launch, peaks);
        string trips = summary.Loops.Count == 0
            ? "no loops"
            : "loop trips per thread: " + string.Join(", ", summary.Loops.Select(l => $"{l.Header} {N(launch.LoopTrips[l.Number - 1])}"));
        Row("launches", $"{Count(launch.Launches, "launch", "launches")} of {N(e.PerLaunch(launch.Threads))} threads{(launch.Launches > 1 ? " each" : "")}; {trips}");
        if (launch.Note is { } note)
            Row("note", note);
        Row("per launch", $"{Si(e.PerLaunch(e.Bytes), "B")} global traffic, {Si(e.PerLaunch(e.Fp64Flops), "FLOP")} fp64, {Si(e.PerLaunch(e.Fp32Flops), "FLOP")} fp32, {Units.Si(e.PerLaunch(e.IntegerOps))} integer instructions");
        Row("at peak", $"memory {Time(e.PerLaunch(e.MemorySeconds))} ({Si(peaks.MemoryBytesPerSecond, "B/s")}), fp64 {Time(e.PerLaunch(e.Fp64Seconds))} ({Si(peaks.Fp64FlopsPerSecond, "FLOP/s")}; the tensor cores' {Si(peaks.Fp64TensorFlopsPerSecond, "FLOP/s")} serve matrix code only), fp32 {Time(e.PerLaunch(e.Fp32Seconds))} ({Si(peaks.Fp32FlopsPerSecond, "FLOP/s")})");
        Row("at least", $"{Time(e.PerLaunch(e.Seconds))} a launch, {e.Bound}-bound" + (launch.Launches > 1 ? $"; {Time(e.Seconds)} for the run's {N(launch.Launches)} launches" : ""));
        double threads = e.PerLaunch(launch.Threads);
        if (threads < peaks.ResidentThreads)
            Row("caution", $"{N(threads)} threads a launch are {threads / peaks.ResidentThreads:P1} of the {N(peaks.ResidentThreads)} an H200 keeps resident ({peaks.Multiprocessors} SMs × {peaks.ThreadsPerMultiprocessor}): fewer hide less latency, so the peaks are further out of reach");
        if (e.IntegerOps > e.Fp64Flops + e.Fp32Flops)
            Row("caution", $"{Units.Si(e.IntegerOps)} integer instructions against {Si(e.Fp64Flops + e.Fp32Flops, "FLOP")}: integer work, which this estimate does not time, likely sets this kernel's speed");
        Row("left out", "integer work, latency and occupancy, launch overhead, host-device copies; div and sqrt count as one FLOP but ptxas expands each into an instruction sequence; bytes are as issued (caches may serve repeats)");
        Row("figures", peaks.Source);
    }

    private static string Time(double seconds) => seconds switch
    {
        0 => "none",
        < 1e-7 => (seconds * 1e9).ToString("F1", CultureInfo.InvariantCulture) + " ns",
        _ => Units.Seconds(seconds),
    };

    private static string Count(double n, string one, string many) => $"{N(n)} {(n == 1 ? one : many)}";

    private static string Float(PtxFloatTally f) => f.Any
        ? $"{N(f.Add)} add/sub, {N(f.Mul)} mul, {N(f.Fma)} fma, {N(f.Sqrt)} sqrt, {N(f.Rcp)} rcp, {N(f.Div)} div, {N(f.Transcendental)} transcendental"
        : "none";

    private static void Comment(string text) => Console.WriteLine("// " + text);

    private static void Row(string label, string text) => Console.WriteLine($"// {label,-13} {text}");

    /// <summary>Thousands separated (10,000; 1,021), small fractions to two places (33.9).</summary>
    private static string N(double value) => value == Math.Floor(value) || Math.Abs(value) >= 100
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>4e6, "B" → "4 MB"; 40, "B" → "40 B".</summary>
    private static string Si(double value, string unit)
    {
        string si = Units.Si(value);
        return char.IsLetter(si[^1]) ? si + unit : $"{si} {unit}";
    }
}
