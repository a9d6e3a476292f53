using System.Runtime.InteropServices;
using Repro.Core;

namespace Repro.Engine.Runtime;

/// <summary>
/// libtorch reports a failure as an <see cref="ExternalException"/> whose message is the C++ error and then its
/// backtrace (`Exception raised from … frame #0: …`, 10-25 lines). The user gets the first line, which is the
/// error; the whole text goes to the log at debug level (REPRO_DEBUG=1 shows it).
/// </summary>
public static class Libtorch
{
    /// <summary>Runs <paramref name="action"/>; a libtorch failure becomes a <see cref="RunException"/> with its first line.</summary>
    /// <param name="logFull">receives libtorch's whole message</param>
    public static T Guard<T>(Func<T> action, Action<string> logFull)
    {
        try
        {
            return action();
        }
        catch (ExternalException e)
        {
            logFull(e.Message);
            throw Fail.Run($"libtorch: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>The first line of a message that is not blank, trimmed.</summary>
    public static string FirstLine(string message) =>
        message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? message.Trim();
}
