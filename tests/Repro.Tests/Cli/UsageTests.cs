using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>The command line itself: help, unknown names with a did-you-mean, rejected values; bad usage is one line and exit 2.</summary>
public partial class UsageTests
{
    [GeneratedRegex(@"^repro: [^;\n]+; [^\n]+$")]
    private static partial Regex UsageLine();

    static string SingleUsageLine(ReproCli.Outcome outcome)
    {
        Assert.Equal(2, outcome.ExitCode);
        Assert.Empty(outcome.Stdout);
        string line = Assert.Single(outcome.ErrorLines);
        Assert.Matches(UsageLine(), line);
        return line;
    }

    [Fact]
    public async Task Bare_repro_prints_the_help_with_every_command_to_stdout_and_exits_0()
    {
        var outcome = await ReproCli.Run();

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(outcome.Stderr);
        Assert.Contains("Usage:", outcome.Stdout);
        foreach (var command in new[] { "run", "plan", "verify", "validate", "watch", "report", "query", "schema", "doctor" })
            Assert.Matches($@"(?m)^\s+{command}\b", outcome.Stdout);
    }

    [Fact]
    public async Task Help_is_the_same_as_bare_repro()
    {
        var bare = await ReproCli.Run();
        var help = await ReproCli.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Equal(bare.Stdout, help.Stdout);
    }

    public static TheoryData<string[], string> Misspelled() => new()
    {
        { ["verify", "--retrian", "x.yaml"], "unknown option '--retrian' for `repro verify`; did you mean --retrain?" },
        { ["verify", "specs", "--junti", "v.xml"], "unknown option '--junti' for `repro verify`; did you mean --junit?" },
        { ["run", "x.yaml", "--forse"], "unknown option '--forse' for `repro run`; did you mean --force?" },
        { ["run", "--shrad", "1/2", "x.yaml"], "unknown option '--shrad' for `repro run`; did you mean --shard?" },
        { ["validate", "x.yaml", "--canonicl"], "unknown option '--canonicl' for `repro validate`; did you mean --canonical?" },
        { ["query", "--lsit"], "unknown option '--lsit' for `repro query`; did you mean --list?" },
        { ["report", "--spec", "specs"], "unknown option '--spec' for `repro report`; did you mean --specs?" },
        { ["watch", "--resuls", "r"], "unknown option '--resuls' for `repro watch`; did you mean --results?" },
        { ["doctor", "--results=r", "--quite"], "unknown option '--quite' for `repro doctor`" },
        { ["--verison"], "unknown option '--verison' for `repro`; did you mean --version?" },
    };

    [Theory]
    [MemberData(nameof(Misspelled))]
    public async Task An_unknown_option_is_one_line_with_a_suggestion_and_exit_2(string[] args, string expected)
    {
        string line = SingleUsageLine(await ReproCli.Run(args));
        Assert.StartsWith("repro: " + expected, line);
    }

    [Fact]
    public async Task An_unknown_option_with_no_near_name_lists_the_commands_options()
    {
        string line = SingleUsageLine(await ReproCli.Run("plan", "x.yaml", "--bogus"));
        Assert.Equal("repro: unknown option '--bogus' for `repro plan`; the options of `repro plan` are --cache, --set, --json, --help", line);
    }

    [Fact]
    public async Task An_unknown_option_written_with_a_value_is_named_without_it()
    {
        string line = SingleUsageLine(await ReproCli.Run("verify", "--retrian=true"));
        Assert.StartsWith("repro: unknown option '--retrian' for `repro verify`; did you mean --retrain?", line);
    }

    [Fact]
    public async Task An_unknown_command_suggests_the_nearest()
    {
        Assert.Equal("repro: unknown command 'verfy'; did you mean verify?", SingleUsageLine(await ReproCli.Run("verfy", "x.yaml")));
        Assert.StartsWith("repro: unknown command 'train'; the commands are run, plan, verify,", SingleUsageLine(await ReproCli.Run("train")));
    }

    [Fact]
    public async Task After_a_double_dash_a_word_that_looks_like_an_option_is_a_spec_path()
    {
        var outcome = await ReproCli.Run("validate", "--", "--x.yaml");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("--x.yaml:1:1: spec file not found;", Assert.Single(outcome.ErrorLines));
    }

    public static TheoryData<string, string, string> RejectedValues() => new()
    {
        { "--jobs", "0", "repro: --jobs must be at least 1, got 0; " },
        { "--jobs", "-3", "repro: --jobs must be at least 1, got -3; " },
        { "--shard", "5/4", "repro: --shard 5/4 is not K/N with 1 <= K <= N, nor auto; write e.g. `--shard 2/4`" },
        { "--shard", "0/3", "repro: --shard 0/3 is not K/N with 1 <= K <= N, nor auto; " },
        { "--shard", "2", "repro: --shard 2 is not K/N with 1 <= K <= N, nor auto; " },
        { "--jobs", "many", "repro: Cannot parse argument 'many' for option '--jobs' as expected type 'System.Int32'; see `repro run --help`" },
    };

    [Theory]
    [MemberData(nameof(RejectedValues))]
    public async Task A_bad_jobs_or_shard_value_is_rejected_by_the_parser_as_one_line_before_anything_runs(string option, string value, string expected)
    {
        using var temp = new TempDir();
        string results = Path.Combine(temp.Path, "results");
        var outcome = await ReproCli.Run("run", Repo.Path("specs", "single-neuron.yaml"), "--results", results, option, value);

        Assert.StartsWith(expected, SingleUsageLine(outcome));
        Assert.False(Directory.Exists(results));
    }

    [Fact]
    public async Task Every_rejected_value_is_reported_at_once()
    {
        var outcome = await ReproCli.Run("run", "x.yaml", "--jobs", "0", "--shard", "3/2");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Collection(outcome.ErrorLines,
            line => Assert.StartsWith("repro: --jobs must be at least 1, got 0; ", line),
            line => Assert.StartsWith("repro: --shard 3/2 is not K/N", line));
    }

    [Fact]
    public async Task A_missing_argument_points_at_the_commands_help()
    {
        Assert.Equal("repro: Required argument missing for command: 'validate'; see `repro validate --help`",
            SingleUsageLine(await ReproCli.Run("validate")));
    }
}
