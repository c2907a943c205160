using Microsoft.Win32.SafeHandles;

namespace HyperSharp.TimeSeries;

/// <summary>
/// The file every rung reads: generated from the spec into a temporary folder by the harness (outside the timed
/// region), or any file a user names. Rungs only read it. Disposing it deletes the folder it owns.
/// </summary>
public sealed class AnomaliesProblem : IAsyncDisposable
{
    private readonly string? _ownedDirectory;

    /// <summary>A file of the user's (never deleted).</summary>
    public AnomaliesProblem(string path, double alpha = TimeSeriesSpec.DefaultAlpha)
        : this(path, alpha, null, null)
    {
    }

    private AnomaliesProblem(string path, double alpha, string? ownedDirectory, long? rows)
    {
        Path = path;
        Alpha = alpha;
        _ownedDirectory = ownedDirectory;
        Bytes = new FileInfo(path).Length;
        Rows = rows;
    }

    /// <summary>The rows, when known without reading the file (a generated one).</summary>
    public long? Rows { get; }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>Days with a p-value below it are anomalous.</summary>
    public double Alpha { get; }

    /// <summary>The file's size, read when the problem was made.</summary>
    public long Bytes { get; }

    /// <summary>Generates the spec's file into a new temporary folder that the problem owns.</summary>
    public static AnomaliesProblem Generate(TimeSeriesSpec spec)
    {
        string directory = Directory.CreateTempSubdirectory("hypersharp-timeseries-").FullName;
        try
        {
            string path = System.IO.Path.Combine(directory, $"series-{spec.Days}x{spec.PerDay}-{spec.Anomalous}-{spec.Seed}.csv");
            TimeSeriesGenerator.Generate(path, spec);
            return new AnomaliesProblem(path, spec.Alpha, directory, spec.Rows);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Opens the file for reading, sequential access hinted (the rungs read it front to back or by ranges).</summary>
    internal SafeFileHandle Open() => File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);

    /// <summary>Deletes the temporary folder of a generated file; leaves a user's file alone.</summary>
    public ValueTask DisposeAsync()
    {
        if (_ownedDirectory is not null && Directory.Exists(_ownedDirectory))
            Directory.Delete(_ownedDirectory, recursive: true);
        return default;
    }
}
