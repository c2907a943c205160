using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using HyperSharp.Gpu;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Gpu;

/// <summary>
/// When GPU rungs run (a GPU found, or HYPERSHARP_GPU=cpu), that deciding it starts no ILGPU, and that the tests
/// themselves run them.
/// </summary>
public sealed class GpuAvailabilityTests
{
    private const string NoGpu = "no GPU (only ILGPU's CPU accelerator; set HYPERSHARP_GPU=cpu to run it there)";

    private static IEnumerable<IRung> GpuRungs => Catalog.Ladders.SelectMany(l => l.Rungs).Where(r => r.Kind == RungKind.Gpu);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gpu")]
    [InlineData("cpus")]
    public void Rule_NoGpuAndNoCpuRequest_IsNotAvailableAndSaysHowToRunIt(string? variable)
    {
        Availability a = GpuDevices.AvailabilityFor(gpuFound: false, variable);
        Assert.False(a.IsAvailable);
        Assert.Equal(NoGpu, a.Reason);
        Assert.Equal($"no: {NoGpu}", a.ToString());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    [InlineData(" cpu ")]
    public void Rule_NoGpuButCpuRequested_IsAvailable(string variable) =>
        Assert.Equal(Availability.Yes, GpuDevices.AvailabilityFor(gpuFound: false, variable));

    [Theory]
    [InlineData(null)]
    [InlineData("cpu")]
    public void Rule_GpuFound_IsAvailableWithOrWithoutTheVariable(string? variable) =>
        Assert.Equal(Availability.Yes, GpuDevices.AvailabilityFor(gpuFound: true, variable));

    [Fact]
    public void EveryGpuRung_DerivesFromTheBaseAndFollowsTheRule()
    {
        Assert.Equal(5, GpuRungs.Count());
        Assert.All(GpuRungs, r =>
        {
            Assert.True(r.GetType().BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(GpuRung<,>), r.GetType().Name);
            Assert.Equal("gpu", r.Name);
            Assert.Equal(RungResources.Device, r.Uses);
            Assert.False(r.IsParallel);
            Assert.Equal(GpuDevices.Availability, r.Availability);
        });
    }

    /// <summary>Without this, the conformance tests would fail on every GPU rung of a machine without a GPU.</summary>
    [Fact]
    public void TestProcess_RunsGpuRungsOnTheCpuAcceleratorWhereThereIsNoGpu()
    {
        if (!GpuDevices.Probe.Found)
            Assert.True(GpuDevices.CpuRequested, $"{GpuDevices.DeviceVariable} should be cpu in the test process");
        Assert.All(GpuRungs, r => Assert.True(r.Availability.IsAvailable, r.Availability.Reason));
    }

    [Fact]
    public void HyperList_WithoutTheVariable_SaysWhetherThereIsAGpu()
    {
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { [GpuDevices.DeviceVariable] = null }, "list");
        Assert.True(o.ExitCode == 0, o.Stderr);
        string[] rows = GpuRows(o.Stdout);
        Assert.Equal(5, rows.Length);
        string expected = GpuDevices.Probe.Found ? $"yes: {GpuDevices.Probe.Description}" : $"no: {NoGpu}";
        Assert.All(rows, row => Assert.Contains(expected, row));
    }

    [Fact]
    public void HyperList_WithCpuRequested_SaysTheCpuAccelerator()
    {
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { [GpuDevices.DeviceVariable] = "cpu" }, "list");
        Assert.True(o.ExitCode == 0, o.Stderr);
        string[] rows = GpuRows(o.Stdout);
        Assert.Equal(5, rows.Length);
        Assert.All(rows, row => Assert.Contains("yes: ILGPU CPU accelerator (HYPERSHARP_GPU=cpu)", row));
    }

    /// <summary>
    /// Lists every rung (every property `hyper list` and the bench read), plans every bench and describes the machine
    /// in a fresh copy of the HyperSharp assemblies, whose accelerator no other test can have created: none is; then
    /// touching the accelerator creates it, and the machine description names it.
    /// </summary>
    [Fact]
    public void ListingPlanningAndDescribing_DoNotCreateTheAccelerator()
    {
        var fresh = new FreshHyperSharp();
        Type catalog = fresh.Type(typeof(Catalog));
        Type rungType = fresh.Type(typeof(IRung));
        Type devices = fresh.Type(typeof(GpuDevices));
        Assert.NotEqual(typeof(GpuDevices), devices);
        bool Created() => (bool)devices.GetProperty(nameof(GpuDevices.IsCreated))!.GetValue(null)!;

        int gpuRungs = 0;
        foreach (object ladder in (IEnumerable)catalog.GetProperty(nameof(Catalog.Ladders))!.GetValue(null)!)
        {
            foreach (object rung in (IEnumerable)fresh.Type(typeof(ILadder)).GetProperty(nameof(ILadder.Rungs))!.GetValue(ladder)!)
            {
                foreach (PropertyInfo property in rungType.GetProperties())
                    _ = property.GetValue(rung);
                gpuRungs += rungType.GetProperty(nameof(IRung.Name))!.GetValue(rung) is "gpu" ? 1 : 0;
            }
        }
        Assert.Equal(5, gpuRungs);

        using var temp = new TempDirectory();
        object settings = fresh.Type(typeof(BenchSettings)).GetMethod(nameof(BenchSettings.Defaults))!.Invoke(null, [false, null, false])!;
        MethodInfo plan = fresh.Type(typeof(ISystemBench)).GetMethod(nameof(ISystemBench.Plan))!;
        int items = 0;
        foreach (object bench in (IEnumerable)catalog.GetProperty(nameof(Catalog.Benches))!.GetValue(null)!)
            items += ((IEnumerable)plan.Invoke(bench, [settings, temp.Path])!).Cast<object>().Count();
        Assert.True(items > 0);

        MethodInfo machine = fresh.Type(typeof(MachineInfo)).GetMethod(nameof(MachineInfo.Current))!;
        string Gpu() => (string)machine.ReturnType.GetProperty(nameof(MachineInfo.Gpu))!.GetValue(machine.Invoke(null, [true]))!;
        string probed = Gpu();
        Assert.False(Created(), "listing, planning or describing the machine created the ILGPU accelerator");

        _ = devices.GetProperty(nameof(GpuDevices.Accelerator))!.GetValue(null);
        Assert.True(Created());
        if (GpuDevices.CpuRequested)
        {
            Assert.Equal("ILGPU CPU accelerator (HYPERSHARP_GPU=cpu)", probed);
            Assert.Equal(probed, Gpu());
        }
    }

    private static string[] GpuRows(string stdout) =>
        stdout.Split('\n').Where(l => l.StartsWith("gpu ", StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// The HyperSharp assemblies loaded again, so their statics start afresh; ILGPU and the framework are shared
    /// (ILGPU keeps no accelerator of its own).
    /// </summary>
    private sealed class FreshHyperSharp() : AssemblyLoadContext("fresh HyperSharp")
    {
        public Type Type(Type original) =>
            LoadFromAssemblyName(original.Assembly.GetName()).GetType(original.FullName!, throwOnError: true)!;

        protected override Assembly? Load(AssemblyName name) =>
            name.Name is { } n && n.StartsWith("HyperSharp.", StringComparison.Ordinal) && n != "HyperSharp.Tests"
                ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, n + ".dll"))
                : null;
    }
}
