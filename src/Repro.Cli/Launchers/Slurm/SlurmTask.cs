using System.Globalization;

namespace Repro.Cli.Launchers.Slurm;

/// <summary>One array task as `scontrol --oneliner show job` describes it: its index, state, and exit code (`code:signal`).</summary>
public sealed record SlurmTask(int Index, string State, string ExitCode)
{
    static readonly HashSet<string> Unfinished = new(StringComparer.Ordinal)
        { "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED" };

    public bool Finished => !Unfinished.Contains(State);

    public bool Succeeded => State == "COMPLETED" && ExitCode == "0:0";

    /// <summary>
    /// The tasks of one array from scontrol's one-line records: a running or finished task has a record of its own
    /// (`ArrayTaskId=2`); tasks still pending share one (`ArrayTaskId=3-8` or `1,4-5%2`). Fields of other shapes are
    /// ignored; a record without an index or a state is not a task.
    /// </summary>
    public static IReadOnlyList<SlurmTask> Parse(string oneliners)
    {
        var tasks = new SortedDictionary<int, SlurmTask>();
        foreach (var line in oneliners.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("ArrayTaskId", out var ids) || !fields.TryGetValue("JobState", out var state)) continue;
            string exit = fields.GetValueOrDefault("ExitCode", "0:0");
            foreach (int index in Indices(ids)) tasks[index] = new SlurmTask(index, state, exit);
        }
        return [.. tasks.Values];
    }

    /// <summary>`1-3,5%2` → 1, 2, 3, 5 (the `%` throttle is not an index).</summary>
    static IEnumerable<int> Indices(string ids)
    {
        foreach (var part in ids.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-');
            if (range.Length == 1 && Int(range[0]) is { } one) yield return one;
            else if (range.Length == 2 && Int(range[0]) is { } first && Int(range[1]) is { } last && last >= first && last - first < 100_000)
                for (int i = first; i <= last; i++) yield return i;
        }
    }

    static int? Int(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
}
