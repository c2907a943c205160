using System.IO.MemoryMappedFiles;

namespace HyperSharp.Search;

/// <summary>
/// A whole file mapped read-only, with the view's pointer held for the mapping's life: what the index file and the
/// token stores read their sections through. Disposing releases the pointer, the view and the file (and its stream).
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer)
    {
        _file = file;
        _view = view;
        Pointer = pointer;
    }

    /// <summary>The file's first byte.</summary>
    public byte* Pointer { get; }

    /// <summary>Maps all of <paramref name="stream"/>, which the mapping then owns (it is disposed on failure too).</summary>
    public static MappedFile Map(FileStream stream)
    {
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            acquired = true;
            return new MappedFile(file, view, pointer + view.PointerOffset);
        }
        catch
        {
            if (acquired)
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            file?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
