using System.IO.Hashing;
using System.Reflection;
using System.Text;

namespace HyperSharp.Memo;

/// <summary>
/// The identity and version of a function, as a disk cache keys it: the name of its method (or the one given), and a
/// hash of the method's compiled body, so that changing the code of the function makes its old entries unreachable.
/// </summary>
/// <remarks>
/// The version is XxHash128 of <see cref="MethodBody.GetILAsByteArray"/> of the delegate's method, with its signature.
/// It sees the function's own IL only. It does not see: the bodies of the methods it calls (a change in a callee keeps
/// the version); the values a lambda captures (<c>x =&gt; x * factor</c> gives the same version for every
/// <c>factor</c>: pass such values as arguments); static fields and files it reads; constants of other assemblies;
/// string literals (the IL refers to them by a metadata token, not by their text). Metadata tokens in the IL can also
/// change when the assembly is rebuilt with other methods added: a spurious invalidation, which costs a recomputation
/// and is never wrong. Where this is not enough, give the version yourself.
/// </remarks>
public static class FunctionVersion
{
    /// <summary>The default name of a function: its declaring type and method, with the parameter types.</summary>
    /// <param name="function">A delegate of one method.</param>
    public static string NameOf(Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        MethodInfo method = function.Method;
        string parameters = string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name));
        return $"{method.DeclaringType?.FullName ?? "?"}.{method.Name}({parameters})";
    }

    /// <summary>
    /// The version of <paramref name="function"/>'s compiled body: 32 hex digits. Throws
    /// <see cref="ArgumentException"/> for a method whose body cannot be read (a dynamic method, a compiled expression):
    /// give such a function an explicit version.
    /// </summary>
    /// <param name="function">A delegate of one method.</param>
    public static string Of(Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.GetInvocationList().Length != 1)
            throw new ArgumentException("a multicast delegate has no single body: memoize one method", nameof(function));
        MethodInfo method = function.Method;
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            il = null;
        }
        if (il is null)
            throw new ArgumentException($"the body of {method.Name} cannot be read (a dynamic or native method): give it an explicit version", nameof(function));
        var hash = new XxHash128();
        // The body and the signature, not the method's name: the identity is the name (given, or NameOf), and a
        // compiler-generated lambda name changes with unrelated edits of its class.
        string signature = string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name));
        hash.Append(Encoding.UTF8.GetBytes($"({signature})->{method.ReturnType.FullName ?? method.ReturnType.Name}"));
        hash.Append(il);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
