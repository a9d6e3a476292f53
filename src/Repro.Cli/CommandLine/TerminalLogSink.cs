using System.Globalization;
using Repro.Cli.Progress;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Spectre.Console;

namespace Repro.Cli.CommandLine;

/// <summary>
/// Log lines on the user's terminal, written through the same console as the live bar (see <see cref="Terminal"/>),
/// so each appears above the bar and the bar is redrawn below it. Same format as the log in a pipe.
/// </summary>
public sealed class TerminalLogSink(Terminal terminal, string template) : ILogEventSink
{
    readonly MessageTemplateTextFormatter format = new(template, CultureInfo.InvariantCulture);
    readonly object gate = new();

    public void Emit(LogEvent logEvent)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        format.Format(logEvent, text);
        lock (gate) terminal.Console.Write(new Text(text.ToString()));
    }
}
