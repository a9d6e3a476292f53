using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

/// <summary>`eigensolver:` binds, is checked where written, and enters the trial key only when written.</summary>
public class EigensolverSpecTests
{
    static Trial First(string yaml) => Planner.Plan(Specs.Parse(yaml), 1).Trials[0];

    [Fact]
    public void The_key_includes_eigensolver_only_when_written()
    {
        var without = First(Specs.Tiny);
        Assert.False(without.Canonical.ContainsKey("eigensolver"));
        Assert.Null(without.Config.Eigensolver);
        Assert.Equal(EigensolverSettings.Default, without.Config.EigensolverOrDefault);

        var written = First(Specs.Tiny + "\neigensolver: { kind: lanczos, iterations: 40 }\n");
        Assert.Equal("lanczos", Canonical.At(written.Canonical, "eigensolver.kind")!.GetValue<string>());
        Assert.Equal(40, Canonical.At(written.Canonical, "eigensolver.iterations")!.GetValue<long>());
        Assert.Equal(1e-7, Canonical.At(written.Canonical, "eigensolver.tolerance")!.GetValue<double>());
        Assert.NotEqual(without.Key, written.Key);

        // Written with the default values it still names the choice (and so is a different trial key).
        var power = First(Specs.Tiny + "\neigensolver: { kind: power }\n");
        Assert.True(power.Canonical.ContainsKey("eigensolver"));
        Assert.NotEqual(without.Key, power.Key);
    }

    [Fact]
    public void Eigensolver_values_can_be_swept()
    {
        var plan = Planner.Plan(Specs.Parse(Specs.Tiny + "\nsweep: { eigensolver.kind: [power, lanczos] }\n"), 1);
        Assert.Equal(["power", "lanczos"], plan.Trials.Select(t => t.Config.Eigensolver!.Kind).Distinct());
    }

    [Theory]
    [InlineData("eigensolver: { kind: arnoldi }", "unknown eigensolver.kind 'arnoldi'", "arnoldi")]
    [InlineData("eigensolver: { iterations: 0 }", "eigensolver.iterations must be >= 1 and <= 100000, got 0", "0 }")]
    [InlineData("eigensolver: { iterations: 1000000 }", "eigensolver.iterations must be >= 1 and <= 100000", "1000000")]
    [InlineData("eigensolver: { tolerance: 0 }", "eigensolver.tolerance must be > 0 and <= 1, got 0", "0 }")]
    [InlineData("eigensolver: { tolerance: -1e-9 }", "eigensolver.tolerance must be > 0", "-1e-9")]
    [InlineData("eigensolver: { tol: 1e-9 }", "tol", "tol")]
    [InlineData("eigensolver: lanczos", "eigensolver must be a mapping", "lanczos")]
    public void Bad_eigensolver_values_are_one_error_where_they_are_written(string line, string problem, string at)
    {
        var error = Specs.SingleError(Specs.Tiny + "\n" + line + "\n");
        Assert.Contains(problem, error.Problem);
        Assert.Equal(9, error.Where.Line); // Tiny has 8 lines
        Assert.Equal(line.IndexOf(at, StringComparison.Ordinal) + 1, error.Where.Column); // at the offending value or key
    }
}
