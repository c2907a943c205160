using Spectre.Console;

namespace HyperSharp.Cli;

/// <summary>
/// Everything `hyper` prints goes through here: Spectre tables and colour on a terminal, plain aligned text when the
/// output is redirected or in CI. Results go to stdout, progress and errors to stderr.
/// </summary>
internal static class Output
{
    public static bool IsTerminal { get; } =
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static void Error(string message) => Console.Error.WriteLine($"hyper: error: {message}");

    public static void Log(string message)
    {
        if (IsTerminal)
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        else
            Console.Error.WriteLine(message);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, showing its progress messages as a live status line on a terminal, or as log
    /// lines on stderr otherwise.
    /// </summary>
    public static T Progress<T>(string title, Func<Action<string>, T> work)
    {
        if (!IsTerminal)
            return work(Log);
        return AnsiConsole.Status().Start(Markup.Escape(title), ctx => work(message =>
        {
            // Items that start are shown live; skips and failures are kept on screen.
            if (message.StartsWith("run ", StringComparison.Ordinal))
                ctx.Status(Markup.Escape($"{title}: {message[4..].Trim()}"));
            else if (!message.StartsWith("  ", StringComparison.Ordinal))
                Log(message);
        }));
    }

    public static void Table(string? title, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        if (IsTerminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (title is not null)
                table.Title(Markup.Escape(title));
            foreach (string h in headers)
                table.AddColumn(new TableColumn(Markup.Escape(h)));
            foreach (string[] row in rows)
                table.AddRow(row.Select(c => new Markup(Markup.Escape(c))).ToArray());
            AnsiConsole.Write(table);
            return;
        }

        var all = rows.ToList();
        int[] widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        if (title is not null)
            Console.WriteLine(title);
        Console.WriteLine(Line(headers));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in all)
            Console.WriteLine(Line(row));

        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
    }
}
