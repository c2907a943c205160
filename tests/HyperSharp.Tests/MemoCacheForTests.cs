using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace HyperSharp.Tests;

/// <summary>
/// The tests never touch the user's memo folder: the test process (and every <c>hyper</c> it starts, which inherits
/// the variable) keeps reference answers in a folder of its own, deleted when the process ends.
/// </summary>
internal static class MemoCacheForTests
{
    public static string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hypersharp-test-memo-").FullName;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly is the application: the variable must be set before any test runs hyper.")]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable(HyperSharp.Memo.Memo.CacheDirectoryVariable, Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }
}
