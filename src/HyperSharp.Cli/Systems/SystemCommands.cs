namespace HyperSharp.Cli.Systems;

/// <summary>Every system's command-line part, in catalogue order.</summary>
internal static class SystemCommands
{
    public static IReadOnlyList<ISystemCommands> All { get; } =
        [new ParticlesCommands(), new JuliaCommands(), new DiffusionCommands(), new PiCommands(), new PrimesCommands(), new PrimeCheckCommands()];
}
