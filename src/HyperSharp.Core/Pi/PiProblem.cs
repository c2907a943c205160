namespace HyperSharp.Pi;

/// <summary>The input every rung receives: how many samples and the seed of the streams. Nothing to allocate.</summary>
public sealed record PiProblem(long Samples, long Seed)
{
    /// <summary>Blocks of <see cref="PiStream.BlockSize"/> samples, the unit of work the parallel rungs share out.</summary>
    public long Blocks => PiStream.BlockCount(Samples);
}
