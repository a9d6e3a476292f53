using System.Xml.Linq;
using Repro.Core;
using Repro.Cli.Verification;
using Repro.Tests.Support;

namespace Repro.Tests.Verification;

/// <summary>`repro verify` over specs of which one cannot run: that spec is reported, the others are still checked.</summary>
public class RunFailureTests
{
    static readonly Dictionary<string, string> GitHub = new() { ["GITHUB_ACTIONS"] = "true" };

    // Valid (validate accepts it), but its reference cannot be solved on the data it draws: 21 Gaussian features
    // for 20 points almost surely span no positive cone holding y, so the min-entropy interpolant does not exist
    // and the reference solver raises a run error. Which data it draws depends on the seed, not on anything
    // the spec states, so this is a run failure and not a spec error.
    internal static readonly string Unrunnable = """
        name: unreachable
        data:
          kind: gaussian-regression
          n_train: 20
          n_test: 10
          features: 21
          target: { kind: sparse-linear, nonzeros: 5, noise: 0.0 }
        model: linear
        train: { steps: 10, log_every: 5 }
        init: { kind: constant, value: 0.1 }
        optimizer: { kind: mirror-descent, lr: 0.02, potential: entropy }
        metrics: [train_loss, dist_to_min_entropy]
        """;

    [Fact]
    public async Task The_unrunnable_spec_is_checked_as_valid_by_validate()
    {
        using var temp = new TempDir();
        Assert.Equal(0, (await ReproCli.Run("validate", temp.File("bad.yaml", Unrunnable))).ExitCode);
    }

    [Fact]
    public async Task A_spec_whose_run_fails_is_an_error_row_a_JUnit_error_and_an_annotation_and_the_next_spec_is_still_checked()
    {
        using var temp = new TempDir();
        string bad = temp.File("bad.yaml", Unrunnable);
        string junit = Path.Combine(temp.Path, "verify.xml");
        var outcome = await ReproCli.RunWith(GitHub, "verify", "--results", Repo.Path("results"), "--junit", junit, bad, Repo.Path("specs", "single-neuron.yaml"));

        Assert.Equal(3, outcome.ExitCode);
        Assert.Matches($@"(?m)^unreachable\s+\(run\)\s+ERROR\s+run failed\s+{System.Text.RegularExpressions.Regex.Escape(bad)}$", outcome.Stdout);
        Assert.Contains($"ERROR {bad}: run failed: reference min_entropy_interpolant: Newton did not converge", outcome.Stdout);
        Assert.Matches(@"(?m)^single-neuron\s+zero-init-fits-the-data\s+PASS\s", outcome.Stdout);
        Assert.Contains("2 specs, 3 claims: 3 passed, 0 failed, 1 spec not checked (1 from published results, 0 trained)", outcome.Stdout);
        Assert.Contains($"::error file={bad},line=1,col=1,title=repro%3A run failed::reference min_entropy_interpolant", outcome.Stdout);

        var suites = XDocument.Load(junit).Root!.Elements("testsuite").ToList();
        Assert.Equal(["unreachable", "single-neuron"], suites.Select(s => (string)s.Attribute("name")!));
        var error = Assert.Single(suites[0].Descendants("error"));
        Assert.StartsWith("reference min_entropy_interpolant", (string)error.Attribute("message")!);
        Assert.Equal(3, (int)suites[1].Attribute("tests")!);
    }

    [Fact]
    public async Task A_disk_failure_while_training_one_spec_does_not_end_the_verify()
    {
        using var temp = new TempDir();
        string spec = temp.File("tiny.yaml", Specs.Tiny);
        string notAFolder = temp.File("cache", "a file where the trial cache should be");
        var outcome = await ReproCli.Run("verify", "--results", Repo.Path("results"), "--cache", notAFolder, spec, Repo.Path("specs", "single-neuron.yaml"));

        Assert.Equal(3, outcome.ExitCode);
        Assert.Matches(@"(?m)^tiny\s+\(run\)\s+ERROR\s", outcome.Stdout);
        Assert.Contains($"ERROR {spec}: run failed: ", outcome.Stdout);
        Assert.Matches(@"(?m)^single-neuron\s+zero-init-fits-the-data\s+PASS\s", outcome.Stdout);
    }

    [Fact]
    public async Task A_failed_run_outranks_a_failed_claim_in_the_exit_code()
    {
        using var temp = new TempDir();
        string bad = temp.File("bad.yaml", Unrunnable);
        string failing = temp.File("failing.yaml", Specs.Tiny.Replace("name: tiny", "name: failing") + "\nclaims:\n  - { id: impossible, metric: train_loss, expect: \"< 0\" }\n");
        var outcome = await ReproCli.Run("verify", failing, bad);

        Assert.Equal(3, outcome.ExitCode); // the worst wins, as README says: 3 > 2 > 1
        Assert.Matches(@"(?m)^failing\s+impossible\s+FAIL\s", outcome.Stdout);
        Assert.Matches(@"(?m)^unreachable\s+\(run\)\s+ERROR\s", outcome.Stdout);
    }

    [Fact]
    public void A_run_phase_failure_is_described_by_its_message_and_a_bug_by_its_type_too()
    {
        Assert.Equal("no CUDA", SpecVerdict.Describe(Fail.Run("no CUDA")));
        Assert.Equal("cache/ab: damaged", SpecVerdict.Describe(Fail.Artifact("cache/ab", "damaged")));
        Assert.Equal("disk full", SpecVerdict.Describe(new IOException("disk full")));
        Assert.Equal("InvalidOperationException: Sequence contains no elements", SpecVerdict.Describe(new InvalidOperationException("Sequence contains no elements")));
    }
}
