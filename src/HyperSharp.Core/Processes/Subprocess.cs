using System.Collections.Concurrent;
using System.Diagnostics;

namespace HyperSharp.Processes;

/// <summary>
/// One child process with its output captured: every line of standard output (read with <see cref="ReadLine"/> as
/// it comes, or all of it after exit with <see cref="ReadAllLines"/>), the last non-blank line of standard error,
/// and optionally a writer to its standard input. <see cref="WaitForExit"/> kills the whole process tree when the
/// timeout passes or the wait is cancelled, and <see cref="Dispose"/> kills and reaps it on any other way out, so a
/// child never outlives its <c>using</c> block.
/// </summary>
public sealed class Subprocess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly Thread _stdoutReader, _stderrReader;
    // Signalled by each reader at end of its stream; a wait on it can be cancelled, unlike Thread.Join.
    private readonly CountdownEvent _readersDone = new(2);
    private readonly Action<string>? _onErrorLine;
    private volatile string _lastErrorLine = "";
    private bool _disposed, _reaped;

    private Subprocess(Process process, Action<string>? onErrorLine)
    {
        _process = process;
        _onErrorLine = onErrorLine;
        // Dedicated threads with blocking reads, not the thread pool: callers block pool threads on ReadLine (one per
        // worker), and a reader queued behind them would wait for the pool to grow.
        _stdoutReader = new Thread(ReadStdout) { IsBackground = true, Name = "subprocess stdout" };
        _stderrReader = new Thread(ReadStderr) { IsBackground = true, Name = "subprocess stderr" };
    }

    /// <summary>
    /// Starts <paramref name="command"/> (the program, then its arguments, passed as they are: no shell).
    /// Throws <see cref="System.ComponentModel.Win32Exception"/> when the program cannot be started.
    /// </summary>
    /// <param name="command">The program and its arguments.</param>
    /// <param name="redirectInput">Give the child a pipe as standard input, written through <see cref="Input"/>;
    /// otherwise it inherits this process's.</param>
    /// <param name="onErrorLine">Called with each non-blank line of standard error, on a reader thread; it must not throw.</param>
    public static Subprocess Start(IReadOnlyList<string> command, bool redirectInput = false, Action<string>? onErrorLine = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        for (int i = 1; i < command.Count; i++)
            info.ArgumentList.Add(command[i]);

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        var child = new Subprocess(process, onErrorLine);
        try
        {
            child._stdoutReader.Start();
            child._stderrReader.Start();
        }
        catch
        {
            child.Dispose();
            throw;
        }
        return child;
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>The child's standard input (only when started with <c>redirectInput</c>); close it to send end of input.</summary>
    public StreamWriter Input => _process.StartInfo.RedirectStandardInput
        ? _process.StandardInput
        : throw new InvalidOperationException("the child was started without redirected input");

    /// <summary>The last non-blank line the child wrote to standard error so far, or "".</summary>
    public string LastErrorLine => _lastErrorLine;

    /// <summary>The exit code; valid once <see cref="WaitForExit"/> has returned true.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The next line of standard output, waiting for it; null once the output has ended.</summary>
    public string? ReadLine() => _lines.TryTake(out string? line, Timeout.Infinite) ? line : null;

    /// <summary>The lines of standard output not yet read. Complete once <see cref="WaitForExit"/> has returned true.</summary>
    public IReadOnlyList<string> ReadAllLines()
    {
        var rest = new List<string>();
        while (_lines.TryTake(out string? line))
            rest.Add(line);
        return rest;
    }

    /// <summary>
    /// Waits until the child has exited and its output has been read to the end. Past <paramref name="timeout"/>
    /// (or <see cref="Timeout.InfiniteTimeSpan"/> for none) the whole tree is killed and reaped and the answer is
    /// false; when <paramref name="cancellationToken"/> fires, the same, then <see cref="OperationCanceledException"/>.
    /// </summary>
    public bool WaitForExit(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long start = Stopwatch.GetTimestamp();
        bool finished;
        // Killing the tree is what ends the wait early: the child exits and its pipes close.
        using (cancellationToken.Register(static state => ((Subprocess)state!).KillTree(), this))
        {
            try
            {
                // A grandchild can hold the pipes open after the child exits, so the readers share the deadline (and
                // the cancellation: one that escaped the tree would otherwise keep an infinite wait waiting).
                finished = _process.WaitForExit(Remaining(timeout, start))
                    && _readersDone.Wait(Remaining(timeout, start), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                finished = false;
            }
            if (!finished)
                KillAndReap();
        }
        cancellationToken.ThrowIfCancellationRequested();
        return finished;
    }

    /// <summary>Kills the tree if it is still running and reaps it; safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        KillAndReap();
        // _lines and _readersDone are not disposed: a reader that outlived the grace period may still signal them.
        _process.Dispose();
    }

    private void KillAndReap()
    {
        if (_reaped)
            return; // once is enough, and the grace below should not be waited twice
        _reaped = true;
        KillTree();
        _process.WaitForExit(); // the killed child: returns at once, and its exit status is collected
        // Killed descendants close the pipes; one that escaped the tree (a daemon) may not, and must not hang us.
        _readersDone.Wait(ReaderGrace);
    }

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to kill.
        }
    }

    private static readonly TimeSpan ReaderGrace = TimeSpan.FromSeconds(5);

    private static TimeSpan Remaining(TimeSpan timeout, long start) =>
        timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - Stopwatch.GetElapsedTime(start)).Ticks));

    private void ReadStdout()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line)
                _lines.Add(line);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe went away under a disposed child: its output no longer matters.
        }
        finally
        {
            _lines.CompleteAdding(); // ReadLine answers null from now on
            _readersDone.Signal();
        }
    }

    private void ReadStderr()
    {
        try
        {
            while (_process.StandardError.ReadLine() is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                _lastErrorLine = line;
                _onErrorLine?.Invoke(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // As for standard output.
        }
        finally
        {
            _readersDone.Signal();
        }
    }
}
