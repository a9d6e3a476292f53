namespace Repro.Cli.Verification;

/// <summary>
/// GitHub Actions workflow commands (`::error file=...,line=...::message`): each failed claim and each spec
/// error becomes an annotation on the YAML line it came from.
/// </summary>
public static class GitHubAnnotations
{
    public static bool Enabled(Func<string, string?> environment) => environment("GITHUB_ACTIONS") == "true";

    public static IEnumerable<string> For(IReadOnlyList<SpecVerdict> verdicts)
    {
        foreach (var v in verdicts)
        {
            foreach (var c in v.Claims.Where(c => !c.Passed))
                yield return Error(v.File, c.Claim.Mark.Line, c.Claim.Mark.Column, $"claim {c.Claim.Id} failed", c.Describe());
            foreach (var e in v.Errors)
                yield return Error(v.File, e.Where.Line, e.Where.Column, "invalid spec", $"{e.Problem}; {e.Fix}");
            if (v.Failure is not null)
                yield return Error(v.File, 1, 1, "run failed", v.Failure);
        }
    }

    /// <summary>A Markdown table for the job summary page ($GITHUB_STEP_SUMMARY).</summary>
    public static string Summary(IReadOnlyList<SpecVerdict> verdicts)
    {
        var text = new System.Text.StringBuilder("## repro verify\n\n| spec | claim | result | measured | expected |\n|---|---|---|---|---|\n");
        foreach (var v in verdicts)
        {
            foreach (var c in v.Claims)
                text.Append($"| {v.Name} | `{c.Claim.Id}` ({v.File}:{c.Claim.Mark.Line}) | {(c.Passed ? "✅ pass" : "❌ FAIL")} | {VerifyTable.Measured(c)} | `{VerifyTable.Expected(c)}` |\n");
            foreach (var e in v.Errors) text.Append($"| {v.Name} | (spec) | ❌ ERROR | | {e.Problem.Replace("|", "\\|")} |\n");
            if (v.Failure is not null) text.Append($"| {v.Name} | (run) | ❌ ERROR | | {v.Failure.Replace("|", "\\|")} |\n");
        }
        return text.Append('\n').Append(VerifyTable.Total(verdicts)).Append('\n').ToString();
    }

    static string Error(string file, int line, int column, string title, string message) =>
        $"::error file={Property(file)},line={line},col={column},title={Property("repro: " + title)}::{Data(message)}";

    // The escaping GitHub's runner undoes: data escapes %, CR and LF; properties also ':' and ','.
    static string Data(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
