using System.Threading.Channels;
using HyperSharp.Ladder;
using Microsoft.Win32.SafeHandles;

namespace HyperSharp.TimeSeries;

/// <summary>
/// Three stages that overlap, joined by bounded channels: a reader fills blocks of whole lines into a pool of
/// <see cref="Buffers"/> buffers, a parser turns each block into days, and the caller tests the days as they arrive.
/// Memory is the pool, whatever the file's size; a stage that fails stops the others.
/// </summary>
internal sealed class AnomaliesPipelined : AsyncRung<AnomaliesProblem, AnomalyReport>
{
    public override string Name => "pipelined";
    public override RungKind Kind => RungKind.Async;
    public override string Technique => "Channel<T> pipeline: reading, parsing and testing overlap on three threads, a pool of 4 buffers";

    private const int Buffers = 4;

    private readonly record struct Block(byte[] Buffer, int Length, long Offset);

    protected override async ValueTask<AnomalyReport> ComputeAsync(AnomaliesProblem problem, RunContext context, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using SafeFileHandle file = RowStream.Open(problem.Path);
        long start = TimeSeriesCsv.DataStart(file, problem.Path);
        var free = Channel.CreateBounded<byte[]>(Buffers);
        for (int i = 0; i < Buffers; i++)
            free.Writer.TryWrite(new byte[Blocks.BufferSize]);
        var filled = Channel.CreateBounded<Block>(new BoundedChannelOptions(Buffers) { SingleReader = true, SingleWriter = true });
        var days = Channel.CreateBounded<DayMoments>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });

        Task read = Task.Factory.StartNew(() =>
        {
            var reader = new BlockReader(file, start, RandomAccess.GetLength(file));
            try
            {
                while (true)
                {
                    byte[] buffer = Take(free.Reader, stop.Token) ?? throw new InvalidOperationException("the buffer pool is never completed");
                    int length = reader.Next(buffer, problem.Path);
                    if (length == 0)
                        break;
                    Put(filled.Writer, new Block(buffer, length, reader.BlockOffset), stop.Token);
                }
                filled.Writer.Complete();
            }
            catch (Exception ex)
            {
                filled.Writer.TryComplete(ex);
                stop.Cancel();
                throw;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Task parse = Task.Factory.StartNew(() =>
        {
            var sink = new ChannelSink(days.Writer, stop.Token);
            var grouper = new DayGrouper();
            try
            {
                while (Take(filled.Reader, stop.Token) is { Buffer: not null } block)
                {
                    Blocks.Parse(block.Buffer.AsSpan(0, block.Length), block.Offset, ref grouper, sink, file, problem.Path);
                    free.Writer.TryWrite(block.Buffer);
                }
                grouper.Finish(sink);
                days.Writer.Complete();
            }
            catch (Exception ex)
            {
                days.Writer.TryComplete(ex);
                stop.Cancel();
                throw;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var tally = new DayTally(problem.Alpha);
        Exception? failure = null;
        try
        {
            await foreach (DayMoments day in days.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
                tally.Complete(day);
        }
        catch (Exception ex)
        {
            failure = ex; // a stage's own error (the channel passes it on) or a cancellation
        }
        stop.Cancel(); // a stage still waiting (after a failure) gives up
        await Task.WhenAll(read, parse).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        // The first stage's failure, not the cancellations it caused in the others.
        Exception? stage = new[] { read, parse }.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
        if ((stage ?? failure) is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return tally.Report();
    }

    /// <summary>A blocking take on a stage's own thread; default at the end of the channel.</summary>
    private static T? Take<T>(ChannelReader<T> reader, CancellationToken cancellation)
    {
        while (true)
        {
            if (reader.TryRead(out T? item))
                return item;
            if (!reader.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
                return default;
        }
    }

    private static void Put<T>(ChannelWriter<T> writer, T item, CancellationToken cancellation)
    {
        if (!writer.TryWrite(item))
            writer.WriteAsync(item, cancellation).AsTask().GetAwaiter().GetResult();
    }

    private sealed class ChannelSink(ChannelWriter<DayMoments> writer, CancellationToken cancellation) : IDaySink
    {
        public void Complete(in DayMoments day) => Put(writer, day, cancellation);
    }
}
