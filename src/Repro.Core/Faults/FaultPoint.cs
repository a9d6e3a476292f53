namespace Repro.Core.Faults;

/// <summary>
/// Named points in the middle of a multi-step write where the fault-injection tests stop a real process: with
/// `REPRO_FAULT_PAUSE=NAME` set, reaching that point prints one line to stderr and waits until the process is
/// killed, so a test can kill -9 it at exactly that step instead of hoping a timer lands there. Unset (always,
/// outside those tests), a point costs one environment lookup.
/// </summary>
public static class FaultPoint
{
    public const string Variable = "REPRO_FAULT_PAUSE";

    /// <summary>The staging folder is written in full; the published folder has not changed yet.</summary>
    public const string PublishStaged = "publish:staged";

    /// <summary>The new folder is in place; the staging folder now holds the old one, not yet deleted.</summary>
    public const string PublishExchanged = "publish:exchanged";

    public static void Reached(string name)
    {
        if (Environment.GetEnvironmentVariable(Variable) != name) return;
        Console.Error.WriteLine($"repro: fault point {name} reached; waiting to be killed");
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
