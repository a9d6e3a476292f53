namespace Repro.Cli.Commands;

/// <summary>`repro watch`: the work is done by the hosted <see cref="Watch.WatchService"/>; this waits for Ctrl+C.</summary>
public sealed class WatchCommand
{
    public static async Task<int> ExecuteAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C is how a watch ends.
        }
        return ExitCodes.Ok;
    }
}
