using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using HyperSharp.Processes;

namespace HyperSharp.Tests.Processes;

public sealed class SubprocessTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static Subprocess Shell(string script, bool redirectInput = false, Action<string>? onErrorLine = null) =>
        Subprocess.Start(["/bin/sh", "-c", script], redirectInput, onErrorLine);

    [Fact]
    public void Start_ChildThatPrints_CapturesEveryLineAndTheLastErrorLine()
    {
        var errors = new List<string>();
        using Subprocess child = Shell("echo one; echo two; echo first >&2; echo >&2; echo '  last  ' >&2; echo three",
            onErrorLine: line => { lock (errors) errors.Add(line); });

        Assert.True(child.WaitForExit(Generous));
        Assert.Equal(0, child.ExitCode);
        Assert.Equal(["one", "two", "three"], child.ReadAllLines());
        Assert.Equal("  last  ", child.LastErrorLine); // blank lines skipped, the line itself untouched
        Assert.Equal(["first", "  last  "], errors);
        Assert.Null(child.ReadLine()); // the output has ended
    }

    [Fact]
    public void Start_ChildThatFails_ReportsItsExitCodeAndError()
    {
        using Subprocess child = Shell("echo partial; echo 'bad input' >&2; exit 3");

        Assert.True(child.WaitForExit(Generous));
        Assert.Equal(3, child.ExitCode);
        Assert.Equal(["partial"], child.ReadAllLines());
        Assert.Equal("bad input", child.LastErrorLine);
    }

    [Fact]
    public void Input_LinesWrittenOneAtATime_AreAnsweredInTurn()
    {
        using Subprocess child = Subprocess.Start(["/bin/cat"], redirectInput: true);
        foreach (string task in new[] { "a", "b c", "" })
        {
            child.Input.WriteLine(task);
            child.Input.Flush();
            Assert.Equal(task, child.ReadLine());
        }
        child.Input.Close();

        Assert.True(child.WaitForExit(Generous));
        Assert.Equal(0, child.ExitCode);
        Assert.Null(child.ReadLine());
    }

    [Fact]
    public void Input_WithoutRedirection_Throws()
    {
        using Subprocess child = Shell("true");
        Assert.Throws<InvalidOperationException>(() => child.Input);
    }

    [Fact]
    public void WaitForExit_ChildThatHangs_KillsTheWholeTreeAtTheTimeout()
    {
        // The shell starts a grandchild and waits for it; both must go.
        using Subprocess child = Shell("sleep 600 & echo $!; wait");
        int shell = child.Id, sleeper = GrandchildId(child);
        var clock = Stopwatch.StartNew();

        Assert.False(child.WaitForExit(TimeSpan.FromMilliseconds(300)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(20));
        AssertReaped(shell);
        AssertGone(sleeper);
    }

    [Fact]
    public void WaitForExit_Cancelled_KillsTheTreeAndThrows()
    {
        using Subprocess child = Shell("sleep 600 & echo $!; wait");
        int shell = child.Id, sleeper = GrandchildId(child);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => child.WaitForExit(Timeout.InfiniteTimeSpan, cancel.Token));

        AssertReaped(shell);
        AssertGone(sleeper);
    }

    [Fact]
    public void WaitForExit_DescendantThatLeftTheTree_DoesNotHangTheWait()
    {
        // The subshell exits at once, so its sleep belongs to init, out of the tree's reach, yet holds our pipes.
        using Subprocess child = Shell("(sleep 600 & echo $!); sleep 600");
        int escaped = GrandchildId(child);
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => child.WaitForExit(Timeout.InfiniteTimeSpan, cancel.Token));

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
            AssertReaped(child.Id);
        }
        finally
        {
            using var stray = Process.GetProcessById(escaped);
            stray.Kill();
        }
    }

    [Fact]
    public void Dispose_WhenAnExceptionLeavesTheBlock_KillsTheTree()
    {
        int shell = 0, sleeper = 0;
        void FailWhileRunning()
        {
            using Subprocess child = Shell("sleep 600 & echo $!; wait");
            shell = child.Id;
            sleeper = GrandchildId(child);
            throw new InvalidOperationException("the caller failed");
        }

        Assert.Throws<InvalidOperationException>(FailWhileRunning);

        AssertReaped(shell);
        AssertGone(sleeper);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        Subprocess child = Shell("exit 0");
        child.Dispose();
        child.Dispose();
        Assert.Throws<ObjectDisposedException>(() => child.WaitForExit(Generous));
    }

    [Fact]
    public void Start_MissingProgram_ThrowsWin32Exception() =>
        Assert.Throws<Win32Exception>(() => Subprocess.Start(["/nonexistent/hyper-no-such-program"]));

    private static int GrandchildId(Subprocess child) =>
        int.Parse(child.ReadLine() ?? throw new InvalidOperationException("the shell printed no pid"), CultureInfo.InvariantCulture);

    /// <summary>Our own child must be fully gone: killed and its exit status collected (no zombie left).</summary>
    private static void AssertReaped(int pid) =>
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} is still there");

    /// <summary>
    /// A killed grandchild dies asynchronously and is then its new parent's to reap (init here, not us), so it may
    /// linger as a zombie for a moment: it must stop running within a few seconds.
    /// </summary>
    private static void AssertGone(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (IsRunning(pid) && clock.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(20);
        Assert.False(IsRunning(pid), $"process {pid} is still running");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2]; // "pid (name) S …": the name may hold spaces
            return state is not ('Z' or 'X');
        }
        catch (IOException) // no such process (file or directory not found), or it vanished while read
        {
            return false;
        }
    }
}
