namespace HyperSharp.Search;

/// <summary>A file written completely or not at all: a temporary file beside the target, flushed, then renamed over it.</summary>
internal static class AtomicWrite
{
    public static long Write(string path, Action<FileStream> write)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            long length;
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }
            File.Move(temp, full, overwrite: true);
            return length;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
