using System.Text.RegularExpressions;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>0 ok, 1 claim failed, 2 bad input (one positioned line, nothing written), 3 run failure.</summary>
public partial class ExitCodeTests
{
    [GeneratedRegex(@"^(?<file>[^\n]+?):(?<line>\d+):(?<col>\d+): [^;\n]+; [^\n]+$")]
    private static partial Regex OneLineError();

    static async Task<(ReproCli.Outcome Outcome, string Results)> RunIn(TempDir temp, string yaml, string command = "run")
    {
        string spec = temp.File("spec.yaml", yaml);
        string results = Path.Combine(temp.Path, "results");
        return (await (command == "run" ? ReproCli.Run(command, spec, "--results", results) : ReproCli.Run(command, spec)), results);
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "unknown key", Specs.Tiny + "\noptimiser: { kind: gd }\n", "did you mean 'optimizer'?" },
        { "wrong type", Specs.Tiny.Replace("lr: 0.05", "lr: fast"), "must be a number" },
        { "lr <= 0", Specs.Tiny.Replace("lr: 0.05", "lr: 0"), "optimizer.lr must be > 0" },
        { "steps < 1", Specs.Tiny.Replace("steps: 400", "steps: 0"), "train.steps must be >= 1" },
        { "n_train < 1", Specs.Tiny.Replace("n_train: 8", "n_train: 0"), "data.n_train must be >= 1" },
        { "unknown kind", Specs.Tiny.Replace("kind: gd,", "kind: adamm,"), "unknown optimizer kind 'adamm'" },
        { "sweep path", Specs.Tiny + "\nsweep: { model.width: [1, 2] }\n", "unknown key 'width'" },
        { "unsafe name", Specs.Tiny.Replace("name: tiny", "name: ../x"), "not a safe folder name" },
        { "yaml syntax", Specs.Tiny.Replace("seeds: [0, 1]", "seeds: [0, 1"), "YAML syntax error" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gives_one_positioned_line_exit_2_and_writes_nothing(string rule, string yaml, string phrase)
    {
        using var temp = new TempDir();
        var (outcome, results) = await RunIn(temp, yaml);

        Assert.Equal(2, outcome.ExitCode);
        string line = Assert.Single(outcome.ErrorLines);
        var match = OneLineError().Match(line);
        Assert.True(match.Success, $"{rule}: not `file:line:col: problem; fix`: {line}");
        Assert.EndsWith("spec.yaml", match.Groups["file"].Value);
        Assert.Contains(phrase, line);
        Assert.False(Directory.Exists(results), $"{rule}: something was written");
        Assert.Empty(outcome.Stdout);
    }

    [Fact]
    public async Task A_missing_spec_file_exits_2_naming_the_file()
    {
        var outcome = await ReproCli.Run("run", "specs/does-not-exist.yaml", "--results", Path.GetTempPath());
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("specs/does-not-exist.yaml:1:1: spec file not found;", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public async Task A_cuda_spec_on_a_machine_without_cuda_exits_2_at_the_device_line()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // the message is for machines without CUDA
        using var temp = new TempDir();
        var (outcome, results) = await RunIn(temp, Specs.Tiny + "\ndevice: cuda\n");
        Assert.Equal(2, outcome.ExitCode);
        string line = Assert.Single(outcome.ErrorLines);
        Assert.Matches(@"spec\.yaml:9:9: device: cuda was requested but CUDA is not available", line);
        Assert.False(Directory.Exists(results));
    }

    [Fact]
    public async Task A_failing_claim_makes_verify_exit_1_and_print_the_claim_line()
    {
        using var temp = new TempDir();
        var (outcome, results) = await RunIn(temp, Specs.Tiny + """

            claims:
              - id: converges
                metric: dist_to_min_norm
                expect: "< 1e-8"
              - id: deliberately-wrong
                metric: train_loss
                expect: "> 1"
            """, command: "verify");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Matches(@"(?m)^tiny\s+converges\s+PASS\s", outcome.Stdout);
        Assert.Matches(@"(?m)^tiny\s+deliberately-wrong\s+FAIL\s+\S+\s+> 1\s+\S*spec\.yaml:13$", outcome.Stdout);
        Assert.Matches(@"FAIL tiny/deliberately-wrong \[.*spec\.yaml:13:5\]: train_loss \(final, min over 2 trials\) = \S+, expected > 1", outcome.Stdout);
        Assert.False(Directory.Exists(results)); // verify publishes nothing
    }

    [Fact]
    public async Task A_diverging_trial_fails_its_claim_instead_of_crashing()
    {
        using var temp = new TempDir();
        var (outcome, results) = await RunIn(temp, Specs.Tiny.Replace("lr: 0.05", "lr: 50") + """

            claims:
              - { id: small-loss, metric: train_loss, expect: "< 1" }
            """);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("FAIL  small-loss", outcome.Stdout);
        Assert.Contains("(2 diverged)", outcome.Stdout);
        Assert.True(File.Exists(Path.Combine(results, "tiny", "summary.parquet")));
    }

    [Fact]
    public async Task An_unknown_command_line_option_is_bad_input()
    {
        var outcome = await ReproCli.Run("run", "x.yaml", "--bogus");
        Assert.Equal(2, outcome.ExitCode);
    }

    [Fact]
    public async Task Validate_reports_the_trial_count_without_training()
    {
        var outcome = await ReproCli.Run("validate", Repo.Path("specs", "min-norm-regression.yaml"));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("10 trials (2 sweep points x 5 seeds)", outcome.Stdout);
    }
}
