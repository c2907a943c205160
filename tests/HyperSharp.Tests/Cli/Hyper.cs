using System.Diagnostics;
using System.Text.Json;

namespace HyperSharp.Tests.Cli;

/// <summary>Runs the real `hyper` program (built next to the tests) as a user would, and captures what it prints.</summary>
internal static class Hyper
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(params string[] args) => RunIn(Environment.CurrentDirectory, args);

    /// <summary>
    /// Runs a <c>--json</c> command and asserts what it must give: exit code 0 and exactly one line on stdout, a JSON
    /// object of system <paramref name="system"/> and unit <paramref name="unit"/>, verified. Returns that object.
    /// </summary>
    public static JsonElement RunJson(string system, string unit, params string[] args)
    {
        Outcome o = Run(args);
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        JsonElement root = doc.RootElement.Clone();
        Assert.Equal(system, root.GetProperty("system").GetString());
        Assert.Equal(unit, root.GetProperty("unit").GetString());
        Assert.True(root.GetProperty("verified").GetBoolean());
        return root;
    }

    /// <summary>
    /// Runs <paramref name="args"/> with <paramref name="option"/>'s value replaced by <paramref name="value"/> and
    /// asserts what bad input must give: exit code 2, nothing on stdout, one line on stderr starting "hyper: error:".
    /// </summary>
    public static void AssertRejects(IReadOnlyList<string> args, string option, string value)
    {
        var replaced = args.ToList();
        replaced[replaced.IndexOf(option) + 1] = value;
        AssertBadInput([.. replaced]);
    }

    /// <summary>
    /// Runs <paramref name="args"/> and asserts what bad input must give: exit code 2, nothing on stdout, one line on
    /// stderr starting "hyper: error:" and no stack trace. Returns that line.
    /// </summary>
    public static string AssertBadInput(params string[] args)
    {
        Outcome o = Run(args);
        Assert.True(o.ExitCode == 2, $"exit {o.ExitCode}: {o.Stderr}");
        Assert.Equal("", o.Stdout.Trim());
        string line = Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("hyper: error:", line);
        Assert.DoesNotContain("Exception", line);
        return line;
    }

    public static Outcome RunIn(string workingDirectory, params string[] args) =>
        Launch(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Runs `hyper` with <paramref name="environment"/> changed (a null value removes the variable).</summary>
    public static Outcome RunWith(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Launch(Environment.CurrentDirectory, environment, args);

    /// <summary>
    /// Starts `hyper` and returns at once, its stdout and stderr redirected, for a test that talks to it while it runs
    /// (a server); the caller waits for it and kills it (<see cref="Process.Kill(bool)"/>) if it outlives the test.
    /// </summary>
    public static Process Start(params string[] args) => Process.Start(Info(Environment.CurrentDirectory, new Dictionary<string, string?>(), args))!;

    private static Outcome Launch(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        using Process process = Process.Start(Info(workingDirectory, environment, args))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(true);
            throw new TimeoutException($"hyper {string.Join(' ', args)} did not finish");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static ProcessStartInfo Info(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hyper.dll"));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        info.Environment["CI"] = "true";
        foreach ((string name, string? value) in environment)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }
        return info;
    }
}
