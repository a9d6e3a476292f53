using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using Repro.Cli.CommandLine;
using Repro.Cli.Commands;
using Repro.Cli.Output;
using Repro.Cli.Query;
using Repro.Core;
using Repro.Core.Spec;

namespace Repro.Cli;

/// <summary>
/// The command line: the root command (each command's definition is its own file under Commands/), Ctrl+C and
/// SIGTERM, and the one place where failures become exit codes (<see cref="Guarded"/>).
/// </summary>
public static class ReproApp
{
    /// <param name="environment">the environment variables the commands see (tests pass their own); defaults to the process's</param>
    /// <param name="cancel">stops the command as Ctrl+C would (tests use it to end `watch`)</param>
    /// <param name="terminal">stderr's terminal, if the user watches one: progress is a live bar there</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null,
        CancellationToken cancel = default, Progress.Terminal? terminal = null)
    {
        // First of all, so that a signal during start-up is already one the command sees (see Interruption).
        using var interruption = new Interruption(cancel, stderr);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var context = new CommandContext(new ConsoleOutput(stdout, environment ?? Environment.GetEnvironmentVariable, stderr, terminal), stderr, interruption);

        // No response files: `repro diff @-1 results/x` names a history entry, not a file of arguments.
        var parsed = Root(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var usage = UsageErrors.Of(parsed, context);
        if (usage.Count > 0)
        {
            foreach (var error in usage) await stderr.WriteLineAsync(UsageErrors.Line(error));
            return ExitCodes.BadInput;
        }
        // The commands do their work synchronously, before System.CommandLine's own handler would be registered;
        // they get the interruption's token.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null }, interruption.Token);
    }

    /// <summary>Every command, each defined in its own file under Commands/.</summary>
    public static RootCommand Root(CommandContext context)
    {
        var root = new RootCommand("repro: reproducible experiments on the implicit regularization of gradient descent")
        {
            RunCommandLine.Create(context),
            PlanCommandLine.Create(context),
            VerifyCommandLine.Create(context),
            ValidateCommandLine.Create(context),
            WatchCommandLine.Create(context),
            ReportCommandLine.Create(context),
            ServeCommandLine.Create(context),
            QueryCommandLine.Create(context),
            SchemaCommandLine.Create(context),
            DoctorCommandLine.Create(context),
            HistoryCommandLine.Create(context),
            DiffCommandLine.Create(context),
            CacheCommandLine.Create(context),
            EmitCommandLine.Create(context),
        };
        // Bare `repro` is a request for help, not a mistake.
        root.SetAction(p => new HelpAction().Invoke(p));
        return root;
    }

    /// <summary>The one place where failures become exit codes and one-line messages: by phase (see <see cref="Fail"/>).</summary>
    /// <param name="interruption">what a cancellation means: a signal's 128+N, else <see cref="ExitCodes.RunFailed"/></param>
    internal static async Task<int> Guarded(TextWriter stderr, Interruption? interruption, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (SpecException e)
        {
            foreach (var error in e.Errors) await stderr.WriteLineAsync(error.ToString());
            return ExitCodes.BadInput;
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync(UsageErrors.Line(e));
            return ExitCodes.BadInput;
        }
        catch (QueryException e)
        {
            await stderr.WriteLineAsync($"repro: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ArtifactException e)
        {
            await stderr.WriteLineAsync($"repro: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (RunException e)
        {
            await stderr.WriteLineAsync($"repro: run failed: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"repro: interrupted{(interruption?.Signal is { } signal ? $" ({signal})" : "")}; nothing was published");
            return interruption?.ExitCode ?? ExitCodes.RunFailed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"repro: run failed: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (Exception e)
        {
            // A bug, not bad input: one line (a native library's message can run to a backtrace), the rest when asked for.
            await stderr.WriteLineAsync($"repro: run failed: {e.GetType().Name}: {Repro.Engine.Runtime.Libtorch.FirstLine(e.Message)} (set REPRO_DEBUG=1 for the whole message and the stack trace)");
            if (Environment.GetEnvironmentVariable("REPRO_DEBUG") == "1") await stderr.WriteLineAsync(e.ToString());
            return ExitCodes.RunFailed;
        }
    }
}
