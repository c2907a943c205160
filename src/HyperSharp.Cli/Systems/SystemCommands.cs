namespace HyperSharp.Cli.Systems;

/// <summary>
/// The systems' own additions to the command line (tools, workers). Every system in the Catalog gets
/// <c>hyper run</c> and <c>hyper bench</c> without being listed here.
/// </summary>
internal static class SystemCommands
{
    public static IReadOnlyList<ISystemCommands> All { get; } =
        [new ParticlesCommands(), new JuliaCommands(), new DiffusionCommands(), new PiCommands(), new PrimesCommands(), new PrimeCheckCommands(),
         new MemoCommands(), new TimeSeriesCommands(), new DistinctCommands(), new SketchesCommands(), new SearchCommands(), new ExprCommands(), new CrawlCommands(), new FrameCommands(), new WordCountCommands(), new TokensCommands()];
}
