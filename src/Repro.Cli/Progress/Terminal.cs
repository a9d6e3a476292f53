using Spectre.Console;

namespace Repro.Cli.Progress;

/// <summary>
/// The user's terminal, on stderr, when there is one: the live bar and the log lines both go through this one
/// <see cref="IAnsiConsole"/>, so that Spectre's render hook keeps the bar below the lines instead of tearing it.
/// </summary>
public sealed class Terminal(IAnsiConsole console)
{
    public IAnsiConsole Console => console;

    /// <summary>Stderr's terminal; null where stderr is a pipe or a file (a CI log, a worker process) or TERM says it cannot draw.</summary>
    public static Terminal? OfStderr(Func<string, string?> environment)
    {
        if (System.Console.IsErrorRedirected || environment("TERM") is null or "" or "dumb") return null;
        return new Terminal(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Error),
            // Stderr is a terminal: that is the test. Spectre's own guess says "not interactive" under CI=true,
            // where a pseudo-terminal (`script`, a developer's tmux in CI) can still draw.
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = environment("NO_COLOR") is { Length: > 0 } ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        }));
    }
}
