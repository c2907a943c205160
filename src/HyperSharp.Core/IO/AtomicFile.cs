using HyperSharp.Ladder;

namespace HyperSharp.IO;

/// <summary>Writes a file completely or not at all: a temporary file beside it, then a rename.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Checks, before any work, that <paramref name="path"/> can be written (its folder exists or can be made, and a
    /// file can be created there), so a long run does not fail at its very end. A one-line <see cref="SpecException"/>.
    /// </summary>
    public static void CheckWritable(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SpecException($"cannot write '{path}': not a valid path");
        }
        if (Directory.Exists(full))
            throw new SpecException($"cannot write '{path}': it is a folder");
        string directory = Path.GetDirectoryName(full) ?? ".";
        string probe = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
        try
        {
            Directory.CreateDirectory(directory);
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"cannot write '{path}': {(ex is UnauthorizedAccessException ? "permission denied" : "its folder does not accept new files")}");
        }
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        CheckWritable(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                write(stream);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) to <paramref name="path"/> atomically: the file is replaced whole or left as it was.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var writer = new StreamWriter(s);
            writer.Write(text);
        });

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically: the file is replaced whole or left as it was.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));
}
