namespace HyperSharp.Ladder;

/// <summary>
/// A C or Python version of a system in <c>peers/</c>: <c>c/build/PROGRAM --variant V …</c>, or
/// <c>python3|pypy3 python/PROGRAM.py --variant V …</c>, or an installed program (Debian's primesieve) through its
/// adapter <c>bash PROGRAM/PROGRAM.sh --variant V …</c>, or a shell pipeline <c>bash shell/PROGRAM.sh --variant V …</c>, given the spec's own options. Every peer prints one result
/// line with its checksum and, where it can, the fingerprint of its whole answer.
/// </summary>
/// <param name="Name">Its row label (<c>c-avx512</c>, <c>numba</c>).</param>
/// <param name="Implementation"><c>c</c>, <c>python</c>, <c>pypy</c>, <c>installed</c>, <c>shell</c> or <c>dotnet</c>.</param>
/// <param name="Program">The peer's program under <c>peers/</c> (a C binary or a Python script).</param>
/// <param name="Variant">The <c>--variant</c> it is run with.</param>
/// <param name="Parallel">Run once per thread count.</param>
/// <param name="MaxWork">Beyond this much work it is skipped (pure Python would take minutes).</param>
/// <param name="Exact">Its answer must equal the reference's bit for bit: checked by fingerprint alone. Otherwise a
/// different fingerprint falls back to the ladder's checksum tolerance (<see cref="ILadder.CheckPeer"/>).</param>
public sealed record PeerProgram(string Name, string Implementation, string Program, string Variant, bool Parallel, double MaxWork, bool Exact)
{
    /// <summary>
    /// It keeps operations in flight (a crawler): run once per count of the bench's <c>--concurrency</c>, with
    /// <c>--concurrency C</c> appended, as the rungs that use concurrency are.
    /// </summary>
    public bool Concurrent { get; init; }

    /// <summary>A C peer, <c>c/build/PROGRAM --variant V</c>, labelled <c>c-VARIANT</c>; no work limit.</summary>
    public static PeerProgram C(string program, string variant, bool parallel = true, bool exact = false) =>
        new($"c-{variant}", "c", program, variant, parallel, double.PositiveInfinity, exact);

    /// <summary>A CPython peer, <c>python3 python/PROGRAM.py --variant V</c>, labelled <paramref name="name"/>.</summary>
    public static PeerProgram Python(string program, string name, string variant, bool parallel = false,
        double maxWork = double.PositiveInfinity, bool exact = false) =>
        new(name, "python", program, variant, parallel, maxWork, exact);

    /// <summary>A PyPy peer (single-threaded), skipped above <paramref name="maxWork"/> units of work.</summary>
    public static PeerProgram PyPy(string program, string name, string variant, double maxWork, bool exact = false) =>
        new(name, "pypy", program, variant, false, maxWork, exact);

    /// <summary>
    /// A .NET library run in a process of its own (<c>hyper __peer PROGRAM --variant V</c>): an engine a .NET user would
    /// pick instead (Lucene.NET, SQLite), in process as that user would run it; labelled <paramref name="name"/>, single-threaded.
    /// </summary>
    public static PeerProgram DotNet(string program, string name, string variant, bool exact = false) =>
        new(name, "dotnet", program, variant, false, double.PositiveInfinity, exact);

    /// <summary>
    /// A program installed on the machine (found on PATH), run through the adapter script <c>peers/PROGRAM/PROGRAM.sh</c>
    /// that gives it the peers' command line and result line.
    /// </summary>
    public static PeerProgram Installed(string program, string variant, bool parallel = true, bool exact = false) =>
        new(program, "installed", program, variant, parallel, double.PositiveInfinity, exact);

    /// <summary>
    /// A shell pipeline of standard tools (coreutils' <c>sort | uniq -c</c>), <c>bash shell/PROGRAM.sh --variant V</c>,
    /// labelled <paramref name="name"/>: the shell user's answer. The script checks for its own tools and says which
    /// is missing (exit code 3).
    /// </summary>
    public static PeerProgram Shell(string program, string name, string variant, bool parallel = true, bool exact = false) =>
        new(name, "shell", program, variant, parallel, double.PositiveInfinity, exact);
}
