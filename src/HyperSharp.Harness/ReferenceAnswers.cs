using System.IO.Hashing;
using System.Reflection;
using System.Text;
using HyperSharp.Ladder;
using HyperSharp.Memo;

namespace HyperSharp.Harness;

/// <summary>
/// The reference rung's answers, memoized on disk (HyperSharp.Memo), so that verifying a rung against a reference
/// that takes seconds costs a file read the second time — in the next rung's process of the same bench, or the next
/// <c>hyper bench</c> or <c>hyper report</c>. An entry is keyed by the system, the reference rung, the spec verified
/// on (every parameter), and the reference's code version; it holds the answer as the ladder's canonical bytes
/// (<see cref="Ladder{TSpec,TProblem,TResult}.WriteAnswer"/>, read back by <see cref="Ladder{TSpec,TProblem,TResult}.TryReadAnswer"/>).
/// Ladders that do not write their answers verify as before.
/// </summary>
/// <remarks>
/// The code version is a hash of the IL of every method the reference rung's type declares (what HyperSharp.Memo's
/// <see cref="FunctionVersion"/> sees of a function) and of the module version ids of the assemblies of the rung and
/// of the ladder. The IL alone would not see the kernels the reference calls or the ladder's <c>Build</c>; the
/// module version id of a deterministic build changes exactly when the assembly's code does, so a rebuilt Core with
/// any change gets fresh answers, and the same binary finds its old ones.
/// </remarks>
public static class ReferenceAnswers
{
    /// <summary>The reference's answer on <paramref name="spec"/>: from the cache in <paramref name="directory"/>, or computed by <paramref name="compute"/> and kept.</summary>
    public static async Task<TResult> GetAsync<TSpec, TProblem, TResult>(string directory, Ladder<TSpec, TProblem, TResult> ladder, TSpec spec,
        Func<Task<TResult>> compute, Action<string>? log)
    {
        string key = Key(ladder, spec);
        DiskMemoFunc<string, byte[]>? answers = null;
        try
        {
            answers = Open(directory, ladder);
            if (answers.TryGet(key, out byte[]? bytes) && ladder.TryReadAnswer(spec, bytes, out TResult? cached))
            {
                log?.Invoke($"verify: the reference's answer on this spec from the cache ({directory}; --no-cache to recompute)");
                return cached;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be used (a read-only home, a full disk) costs the reference run, not the verification.
            log?.Invoke($"verify: answer cache {directory} unusable ({ex.Message}): running the reference");
            answers = null;
        }
        TResult answer = await compute().ConfigureAwait(false);
        try
        {
            if (answers is not null && ladder.WriteAnswer(answer) is { } written)
                answers.Set(key, written);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"verify: could not keep the reference's answer in {directory} ({ex.Message})");
        }
        return answer;
    }

    /// <summary>The memoized function of one system's reference: its name and code version.</summary>
    internal static DiskMemoFunc<string, byte[]> Open<TSpec, TProblem, TResult>(string directory, Ladder<TSpec, TProblem, TResult> ladder) =>
        // The function is never called: answers are read with TryGet and written with Set, since computing one is async.
        Memo.Memo.Disk(directory).Cache<string, byte[]>(_ => throw new InvalidOperationException("answers are set, not computed"),
            name: $"hyper/reference/{ladder.Name}/{ladder.Reference.Name}", version: CodeVersion(ladder));

    /// <summary>Every parameter of the spec, by name: the same spec gives the same key in every process.</summary>
    internal static string Key<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder, TSpec spec) =>
        string.Join(";", ladder.Describe(spec).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>The reference's code version (see the class remarks).</summary>
    public static string CodeVersion<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
    {
        var hash = new XxHash128();
        Type rung = ladder.Reference.GetType();
        foreach (MethodBase method in rung.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                     .Cast<MethodBase>().Concat(rung.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                     .OrderBy(m => m.MetadataToken))
        {
            hash.Append(Encoding.UTF8.GetBytes(method.Name));
            if (method.GetMethodBody()?.GetILAsByteArray() is { } il)
                hash.Append(il);
        }
        hash.Append(rung.Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        hash.Append(ladder.GetType().Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
