using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Repro.Cli.Serve;

/// <summary>Writes a channel of events as a text/event-stream response until the page goes away or the channel ends.</summary>
public static class ServerSentEvents
{
    /// <summary>A comment line this often keeps proxies and the browser from thinking the stream died.</summary>
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task Stream(HttpContext http, ChannelReader<ServerEvent> events)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.WriteAsync(": repro\n\n", http.RequestAborted);
        await response.Body.FlushAsync(http.RequestAborted);
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                wait.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", http.RequestAborted);
                    await response.Body.FlushAsync(http.RequestAborted);
                    continue;
                }
                if (!more) return;
                while (events.TryRead(out var e))
                    await response.WriteAsync($"event: {e.Name}\ndata: {e.Data}\n\n", http.RequestAborted);
                await response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }
}
