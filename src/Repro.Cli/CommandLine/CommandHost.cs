using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Serilog;
using Serilog.Events;

namespace Repro.Cli.CommandLine;

/// <summary>A command that trains runs inside a Generic Host with Serilog: logs to stderr, results to stdout.</summary>
public static class CommandHost
{
    const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static async Task<int> RunAsync<TCommand>(ConsoleOutput console, bool quiet, Func<TCommand, Task<int>> execute,
        Action<IServiceCollection>? configure = null) where TCommand : class
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        // -q: no live bar either, only warnings and errors.
        if (quiet) console = console with { Terminal = null };
        builder.Services.AddSerilog(config =>
        {
            config
                // REPRO_DEBUG=1: debug lines too (libtorch's whole messages, say).
                .MinimumLevel.Is(Environment.GetEnvironmentVariable("REPRO_DEBUG") == "1" ? LogEventLevel.Debug : quiet ? LogEventLevel.Warning : LogEventLevel.Information)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning);
            // On a terminal the lines go through the live bar's console, which draws them above the bar.
            if (console.Terminal is { } terminal) config.WriteTo.Sink(new TerminalLogSink(terminal, Template));
            else config.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture);
        });
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton<ExperimentRunner>();
        builder.Services.AddSingleton<Workers>();
        builder.Services.AddSingleton<Launchers.Slurm.SlurmCommands>();
        Launchers.Launchers.Register(builder.Services);
        builder.Services.AddSingleton<TCommand>();
        configure?.Invoke(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            return await execute(host.Services.GetRequiredService<TCommand>());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
