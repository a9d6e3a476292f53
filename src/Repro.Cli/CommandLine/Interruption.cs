using System.Runtime.InteropServices;

namespace Repro.Cli.CommandLine;

/// <summary>
/// One SIGINT (Ctrl+C) or SIGTERM stops any command: it cancels the command's token at once (training stops at the
/// next step, a query through DuckDB's interrupt, a plan at the next trial), and a command that has not returned
/// <see cref="Grace"/> later is ended there, which is safe because everything repro writes survives kill -9. Either
/// way the exit code is 128 + the signal's number (130, 143), the code a shell reports for a process the signal
/// ended, so a signal that arrives before this is registered (the runtime's own start-up) gives the same code.
/// A second signal is not intercepted and ends the process at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(750);

    readonly CancellationTokenSource source;
    readonly TextWriter stderr;
    readonly PosixSignalRegistration onInt, onTerm;
    int signalled; // 0 until the first signal, then its exit code

    public Interruption(CancellationToken outer, TextWriter stderr)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        this.stderr = stderr;
        onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => source.Token;

    /// <summary>130 or 143 once a signal came; null when the token was cancelled otherwise (a test, the watch's host) or not at all.</summary>
    public int? ExitCode => Volatile.Read(ref signalled) is > 0 and var code ? code : null;

    /// <summary>The signal's name, for the message.</summary>
    public string? Signal => ExitCode switch { 130 => "SIGINT", 143 => "SIGTERM", _ => null };

    void Handle(PosixSignalContext context)
    {
        int code = context.Signal == PosixSignal.SIGINT ? 130 : 143;
        if (Interlocked.CompareExchange(ref signalled, code, 0) != 0)
        {
            context.Cancel = false; // the second one: the default action, now
            return;
        }
        context.Cancel = true;
        source.Cancel();
        new Thread(() =>
        {
            Thread.Sleep(Grace);
            stderr.WriteLine($"repro: interrupted ({Signal}); ended {Grace.TotalSeconds:0.##} s later, before finishing; nothing was published");
            stderr.Flush();
            Console.Out.Flush();
            End(code);
        }) { IsBackground = true, Name = "interruption watchdog" }.Start();
    }

    // _exit(2), not exit(3) (which Environment.Exit calls): the main thread may be inside libtorch (loading it, a
    // step), and exit's C++ static destructors would tear libtorch down under it (a segfault, seen 5 times in 20).
    // Nothing needs them: every file repro writes is complete or absent at any instant.
    static void End(int code)
    {
        if (OperatingSystem.IsWindows()) Environment.Exit(code);
        ImmediateExit(code);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    static extern void ImmediateExit(int status);

    public void Dispose()
    {
        onInt.Dispose();
        onTerm.Dispose();
        source.Dispose();
    }
}
