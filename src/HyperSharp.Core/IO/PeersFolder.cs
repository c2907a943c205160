namespace HyperSharp.IO;

/// <summary>
/// The <c>peers/</c> folder of a HyperSharp checkout, found above the current folder or the program's: where the C
/// peers and <c>libhyperpeers.so</c> are built. The one search, shared by the bench's peers and the native rungs.
/// </summary>
public static class PeersFolder
{
    /// <summary>The nearest <c>peers/</c> (the one holding <c>install.sh</c>) above the current or program folder, or null.</summary>
    public static string? Find()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "peers");
                if (File.Exists(Path.Combine(candidate, "install.sh")))
                    return candidate;
            }
        }
        return null;
    }
}
