using System.Globalization;
using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Progress;

/// <summary>What a real `repro run` of a long bundled spec shows in a terminal (a pseudo-terminal): a live bar, and log lines left whole.</summary>
public class TerminalProgressTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public void On_a_terminal_a_long_run_draws_a_live_bar_within_two_seconds_that_moves_before_the_first_batch_ends()
    {
        using var temp = new TempDir();
        using var pty = PseudoTerminal.Start(temp.Path, new Dictionary<string, string>(), "run", Repo.Spec("edge-of-stability"),
            "--results", Path.Combine(temp.Path, "r"), "--cache", Path.Combine(temp.Path, "c"), "--jobs", "1",
            "--set", "train.steps=600"); // a fifth of the spec's steps (its claims name step 500): the batch still takes seconds, with many frames drawn
        var announced = pty.WaitFor("edge-of-stability: 9 trials (3 sweep points x 3 seeds)", Patience);
        var bar = pty.WaitFor("edge-of-stability: 0/9 trials", Patience);
        Assert.True(bar - announced < TimeSpan.FromSeconds(2), $"the bar came {bar - announced} after the plan was logged:\n{pty.Text}");

        var batchEnded = pty.WaitFor("trials as one batch in", Patience);
        // Before the first batch ended the bar moved: a rate, a loss range, and more than one percentage were drawn.
        string before = PseudoTerminal.Plain(pty.RawUntil(batchEnded));
        Assert.Contains("trial-steps/s", before);
        Assert.Matches(@"loss \d\.\d+e[+-]\d+\.\.\d", before);
        var percentages = Regex.Matches(before, @"━ +(\d+)% edge-of-stability").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.True(percentages.Count >= 2, $"the bar never moved: {string.Join(", ", percentages)}\n{before}");
        Assert.Equal(percentages.Order(), percentages);
        // The bar is drawn with escape sequences (it is redrawn in place), and the log line that ended the batch is whole.
        Assert.Contains("\x1b[", pty.Raw);
        Assert.Matches(@"(?m)^\[\d\d:\d\d:\d\d INF\] edge-of-stability: trained \d trials as one batch in \d+\.\d\d s$", pty.Text);
    }

    [Fact]
    public void On_a_terminal_a_short_run_ends_with_its_summary_and_claims_and_no_bar_left_behind()
    {
        using var temp = new TempDir();
        string spec = temp.File("tiny.yaml", Specs.Tiny);
        using var pty = PseudoTerminal.Start(temp.Path, new Dictionary<string, string>(), "run", spec, "--results", "r", "--cache", "c");
        Assert.Equal(0, pty.WaitForExit(Patience));
        var lines = pty.Text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Contains("tiny: trained 2 of 2 trials in 2 worker processes (0 from the cache)", lines);
        // The bar was cleared when training ended: the last lines are the claims, not a frame of the bar.
        Assert.DoesNotContain("━", string.Join('\n', lines.SkipWhile(l => !l.StartsWith("tiny: trained", StringComparison.Ordinal))));
        Assert.Equal("tiny: no claims", lines[^1]);
    }
}
