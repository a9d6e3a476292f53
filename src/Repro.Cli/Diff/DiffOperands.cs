using System.Globalization;
using Repro.Core;
using Repro.Core.Diff;
using Repro.Core.History;

namespace Repro.Cli.Diff;

/// <summary>
/// What `repro diff A B` compares: each operand a published folder, `REV:path` (<see cref="GitRevision"/>) or `@N`,
/// an entry of the run history. `@N` with N ≥ 1 is entry N as `repro history` numbers it; `@0` is the newest publish,
/// `@-1` the one before it, and so on, counted among the publishes of the spec the other operand holds (all
/// publishes when it names none), so that `repro diff @-1 results/x` compares results/x with the run before.
/// </summary>
public static class DiffOperands
{
    public static (PublishedSide A, PublishedSide B) Read(string a, string b, Ledger ledger)
    {
        // The operands that are not relative history entries first: they say which spec `@-N` counts within.
        var sides = new PublishedSide?[2];
        string[] operands = [a, b];
        for (int i = 0; i < 2; i++)
            if (Relative(operands[i]) is null) sides[i] = ReadOne(operands[i], ledger, null);
        for (int i = 0; i < 2; i++)
            sides[i] ??= ReadOne(operands[i], ledger, sides[1 - i]?.Spec);
        return (sides[0]!, sides[1]!);
    }

    static int? Relative(string operand) => Entry(operand) is <= 0 and var n ? n : null;

    static int? Entry(string operand) =>
        operand.StartsWith('@') && int.TryParse(operand[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) ? n : null;

    static PublishedSide ReadOne(string operand, Ledger ledger, string? spec)
    {
        if (Entry(operand) is { } n) return FromHistory(operand, n, ledger, spec);
        if (operand.StartsWith('@'))
            throw Fail.Usage($"{operand} is not a history entry", "write @N with a whole number: @3 (entry 3 of `repro history`), @0 (the newest), @-1 (the one before)");
        if (Directory.Exists(operand)) return PublishedSide.Read(operand, Folder(operand));
        if (operand.Contains(':')) return PublishedSide.Read(operand, GitRevision.Files(operand));
        throw Fail.Usage($"{operand} is neither a folder, REV:path nor @N", "name a published folder (results/NAME), a git revision's folder (HEAD~1:results/NAME) or a history entry (@-1)");
    }

    static PublishedSide FromHistory(string operand, int n, Ledger ledger, string? spec)
    {
        var all = ledger.Read();
        var within = n > 0 ? all : [.. all.Where(e => spec is null || e.Spec == spec)];
        var entry = n > 0 ? all.FirstOrDefault(e => e.Index == n) : within.Count + n - 1 >= 0 ? within[within.Count + n - 1] : null;
        if (entry is null)
        {
            string holds = n > 0 ? $"no entry {n}" : $"{within.Count} publish{(within.Count == 1 ? "" : "es")}{(spec is null ? "" : $" of {spec}")}";
            throw Fail.Usage($"{operand}: the run history in {ledger.Path} holds {holds}",
                "see `repro history` for the entries (pass the --cache the runs used)");
        }
        return PublishedSide.Read($"{operand} ({entry.Spec} @{entry.Index}, {entry.TimeUtc})", ledger.Files(entry));
    }

    /// <summary>A published folder's files; bounded, since it is read whole.</summary>
    static IReadOnlyDictionary<string, byte[]> Folder(string dir)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            total += new FileInfo(path).Length;
            if (total > PublishedSide.MaxBytes)
                throw Fail.Usage($"{dir} holds more than {PublishedSide.MaxBytes >> 30} GiB", "name the folder of one published spec, e.g. results/min-norm-regression");
            files[Path.GetRelativePath(dir, path).Replace('\\', '/')] = File.ReadAllBytes(path);
        }
        return files;
    }
}
