using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Repro.Cli.Output;
using Repro.Cli.Serve;

namespace Repro.Cli.Commands;

/// <param name="Port">the port on 127.0.0.1; 0 for any free one</param>
public sealed record ServeOptions(int Port, string ResultsRoot, string SpecsRoot, string Cache);

/// <summary>
/// `repro serve`: the report page on 127.0.0.1 (ASP.NET Core's Kestrel, from the shared framework), live: the page
/// listens to /_repro/events (server-sent events) and replaces an experiment in place when a run publishes it, and
/// shows what runs. The published files (tables, figures) and the specs are served beside it, so the page's links work.
/// </summary>
public sealed class ServeCommand(ConsoleOutput output, ILogger<ServeCommand> log)
{
    public const string EventsPath = "/_repro/events";

    public async Task<int> ExecuteAsync(ServeOptions options, CancellationToken stop)
    {
        string results = Path.GetFullPath(options.ResultsRoot), specs = Path.GetFullPath(options.SpecsRoot);
        if (!Directory.Exists(results))
            throw Core.Fail.Usage($"results folder {options.ResultsRoot} not found", "run a spec first (`repro run SPEC`), or pass --results DIR");
        var live = new LiveReport(results, specs, options.Cache, TimeProvider.System, log);
        live.Refresh();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = results });
        builder.Logging.ClearProviders(); // the command's own log says what matters; Kestrel's per-request lines are noise here
        // Loopback only: the page shows the user's unpublished work and must not be reachable from the network.
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        await using var app = builder.Build();

        app.MapGet("/", () =>
        {
            var (html, _) = live.Page();
            return Results.Text(html, "text/html; charset=utf-8");
        });
        app.MapGet(EventsPath, (HttpContext http, long? since) => ServerSentEvents.Stream(http, live.Listen(since ?? 0, http.RequestAborted)));
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".parquet"] = "application/vnd.apache.parquet";
        types.Mappings[".yaml"] = "text/plain; charset=utf-8";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(results), ContentTypeProvider = types });
        if (Directory.Exists(specs))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(specs), RequestPath = "/specs", ContentTypeProvider = types });

        try
        {
            await app.StartAsync(stop);
        }
        catch (Exception e) when (InUse(e))
        {
            throw Core.Fail.Usage($"port {options.Port} on 127.0.0.1 is in use", "pass another --port, or --port 0 for any free one");
        }
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1") + "/";
        output.Writer.WriteLine($"serving {url} (results {options.ResultsRoot}; Ctrl+C stops)");
        output.Writer.Flush();

        await live.RunAsync(stop);
        // Open event streams end with the host; give them a moment, not forever.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(grace.Token);
        return ExitCodes.Ok;
    }

    /// <summary>Kestrel's bind failure (an IOException around an AddressInUseException, or the latter alone).</summary>
    static bool InUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException
                || e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return true;
        return false;
    }
}
