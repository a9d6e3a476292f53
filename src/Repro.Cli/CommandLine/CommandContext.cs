using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Repro.Cli.Output;
using Repro.Core;

namespace Repro.Cli.CommandLine;

/// <summary>
/// What a command's definition needs: the shared options, where results go, and the two ways to run an action,
/// both through <see cref="ReproApp.Guarded"/> (the one place failures become exit codes).
/// </summary>
/// <param name="interruption">Ctrl+C and SIGTERM (none: a context only for looking at the command tree)</param>
public sealed class CommandContext(ConsoleOutput console, TextWriter stderr, Interruption? interruption = null)
{
    readonly Dictionary<string, UsageException> rejections = new(StringComparer.Ordinal);

    public SharedOptions Shared { get; } = new();

    public TextWriter Stdout => console.Writer;

    /// <summary>Cancelled by Ctrl+C or SIGTERM: what a command that runs without a host watches.</summary>
    public CancellationToken Interrupt => interruption?.Token ?? CancellationToken.None;

    /// <summary>A command that runs in this process without a host (reads files, loads no libtorch or only briefly).</summary>
    public int Run(Func<int> execute) => ReproApp.Guarded(stderr, interruption, () => Task.FromResult(execute())).GetAwaiter().GetResult();

    /// <summary>A command resolved from a Generic Host with logging (<see cref="CommandHost"/>).</summary>
    public Task<int> Hosted<TCommand>(ParseResult parse, Func<TCommand, Task<int>> execute, Action<IServiceCollection>? configure = null)
        where TCommand : class =>
        ReproApp.Guarded(stderr, interruption, () => CommandHost.RunAsync(console, parse.GetValue(Shared.Quiet), execute, configure));

    /// <summary>For a validator: makes the parse fail with this usage error, printed as it is (`repro: problem; fix`).</summary>
    public void Reject(SymbolResult where, UsageException usage)
    {
        rejections[usage.Message] = usage;
        where.AddError(usage.Message);
    }

    /// <summary>The usage error a validator rejected with, for a parse error's message; null for System.CommandLine's own.</summary>
    public UsageException? Rejection(string message) => rejections.GetValueOrDefault(message);
}
