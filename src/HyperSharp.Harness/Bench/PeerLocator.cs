using HyperSharp.IO;

namespace HyperSharp.Harness.Bench;

/// <summary>Finds the <c>peers/</c> folder of a HyperSharp checkout: given, or above the current or program folder.</summary>
public static class PeerLocator
{
    public static string? Find(string? given)
    {
        if (given is not null)
            return Directory.Exists(given) ? Path.GetFullPath(given) : null;
        return PeersFolder.Find();
    }

    /// <summary>The Python that has the peers' packages: Debian's, else whatever is first on PATH.</summary>
    public static string? Python() => FirstExisting("/usr/bin/python3") ?? OnPath("python3");

    public static string? PyPy() => FirstExisting("/usr/bin/pypy3") ?? OnPath("pypy3");

    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string? FirstExisting(string path) => File.Exists(path) ? path : null;
}
