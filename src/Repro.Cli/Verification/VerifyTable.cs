using System.Globalization;
using Repro.Core.Claims;

namespace Repro.Cli.Verification;

/// <summary>The table `repro verify` prints: one row per claim, then notes and what failed in full, then a total.</summary>
public static class VerifyTable
{
    public static void Write(TextWriter output, IReadOnlyList<SpecVerdict> verdicts)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "spec", "claim", "result", "measured", "expected", "where" } };
        foreach (var v in verdicts)
        {
            foreach (var c in v.Claims)
                rows.Add([v.Name, c.Claim.Id, c.Passed ? "PASS" : "FAIL", Measured(c), Expected(c), $"{v.File}:{c.Claim.Mark.Line}"]);
            if (v.Errors.Count > 0) rows.Add([v.Name, "(spec)", "ERROR", "", $"{v.Errors.Count} spec error(s)", $"{v.File}:{v.Errors[0].Where.Line}"]);
            if (v.Failure is not null) rows.Add([v.Name, "(run)", "ERROR", "", "run failed", v.File]);
            if (v.Claims.Count == 0 && v.Errors.Count == 0 && v.Failure is null) rows.Add([v.Name, "(none)", "-", "", "no claims", v.File]);
        }
        Output.TextTable.Write(output, rows);

        var problems = verdicts.Where(v => v.Note is not null).Select(v => $"NOTE {v.Name}: trained instead of reading the published results: {v.Note}")
            .Concat(verdicts.SelectMany(v => v.Claims.Where(c => !c.Passed).Select(c => $"FAIL {v.Name}/{c.Claim.Id} [{v.File}:{c.Claim.Mark.Line}:{c.Claim.Mark.Column}]: {c.Describe()}")
            .Concat(v.Errors.Select(e => $"ERROR {e}"))
            .Concat(v.Failure is null ? [] : [$"ERROR {v.File}: run failed: {v.Failure}"]))).ToList();
        if (problems.Count > 0)
        {
            output.WriteLine();
            foreach (var p in problems) output.WriteLine(p);
        }
        output.WriteLine();
        output.WriteLine(Total(verdicts));
    }

    public static string Total(IReadOnlyList<SpecVerdict> verdicts)
    {
        int claims = verdicts.Sum(v => v.Claims.Count), failed = verdicts.Sum(v => v.Failed);
        int broken = verdicts.Count(v => v.Errors.Count > 0 || v.Failure is not null);
        int reused = verdicts.Count(v => v.Source.StartsWith("reused", StringComparison.Ordinal));
        int trained = verdicts.Count(v => v.Source == "trained");
        int cached = verdicts.Count(v => v.Source == "trial cache");
        return $"{verdicts.Count} spec{(verdicts.Count == 1 ? "" : "s")}, {claims} claims: {claims - failed} passed, {failed} failed"
            + (broken > 0 ? $", {broken} spec{(broken == 1 ? "" : "s")} not checked" : "")
            + $" ({reused} from published results, " + (cached > 0 ? $"{cached} from the trial cache, " : "") + $"{trained} trained)";
    }

    /// <summary>Short enough for a table cell: 4 significant digits, the trend's count, or the vote (of trials, or of a measure's units).</summary>
    public static string Measured(ClaimOutcome c)
    {
        if (c.Claim.Monotone is not null) return $"{c.Measured:0} against";
        string value = double.IsFinite(c.Measured) ? Short(c.Measured) + (c.Claim.At.MeasuresSteps ? " steps" : "") : "none";
        return c.Holding is { } holding ? $"{holding}/{c.Voters} hold, {c.Shown} {value}" : value;
    }

    /// <summary>The bound, with what the measured value is when it is not the metric itself: `model.depth 3 / 2 &lt; 0.5`.</summary>
    public static string Expected(ClaimOutcome c)
    {
        if (c.Claim.Expect is { Metric: { } other } e) return $"{c.Bound} x {other}{(e.OtherAt is { } at ? $" at {at}" : "")}";
        string bound = c.Holding is null ? c.Bound : $"{c.Claim.Reduce} {c.Bound}";
        return c.Claim.Measure is { } measure ? $"{measure}{(c.Holding is null ? "" : ":")} {bound}" : bound;
    }

    public static string Short(double value) => value.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e");
}
