using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>`train: { until: "METRIC OP NUMBER" }` (issue 15's stopping rules): bound, keyed and refused where malformed.</summary>
public class TrainUntilTests
{
    static string With(string train) => Specs.Tiny.Replace("train: { steps: 400, log_every: 50 }", $"train: {train}", StringComparison.Ordinal);

    [Fact]
    public void A_stopping_rule_is_bound_and_enters_the_trial_key_only_when_given()
    {
        var spec = Specs.Parse(With("{ steps: 400, log_every: 50, until: \"train_loss < 1e-6\" }"));
        var until = spec.Points[0].Train.Until!;
        Assert.Equal("train_loss < 1e-06", until.ToString());
        Assert.True(until.Holds(1e-7));
        Assert.False(until.Holds(1e-6));
        Assert.False(until.Holds(double.NaN));
        Assert.Equal("train_loss < 1e-06", spec.Points[0].ToCanonical()["train"]!["until"]!.GetValue<string>());

        // Without one, the canonical train block is as it always was: the keys of existing specs do not move.
        var plain = Specs.Parse(Specs.Tiny).Points[0].ToCanonical()["train"]!.AsObject();
        Assert.Equal(["log_every", "steps"], plain.Select(p => p.Key));
    }

    [Theory]
    [InlineData("{ steps: 400, until: \"test_loss < 1\" }", "train.until reads 'test_loss', which this spec does not record")]
    [InlineData("{ steps: 400, until: \"train_loss == 1\" }", "train.until must be a stopping condition, got 'train_loss == 1'")]
    [InlineData("{ steps: 400, until: \"train_loss < big\" }", "train.until must be a stopping condition")]
    [InlineData("{ steps: 400, until: [1] }", "train.until must be a stopping condition")]
    public void A_malformed_stopping_rule_is_one_error_at_its_value(string train, string problem)
    {
        var error = Specs.SingleError(With(train));
        Assert.Equal(6, error.Where.Line);
        Assert.StartsWith(problem, error.Problem);
    }
}
