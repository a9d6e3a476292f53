using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Engine.Registry;
using Repro.Engine.Training;

namespace Repro.Tests.Engine;

/// <summary>
/// The lean step (LeanGradient: the gradient from the ops autograd's backward runs, without the graph) gives the
/// same bits as autograd: every metric point, reference value and final weight, over 300 steps, batched and alone,
/// for every bundled spec and batching case whose model and loss have one.
/// </summary>
[Collection(ProcessWide.Name)] // switches LeanGradient.Enabled, which every training in the process reads
public class LeanStepTests
{
    const int Steps = 300;

    static IReadOnlyList<Trial> Longer(IEnumerable<Trial> trials) =>
        [.. trials.Select(t => t with { Config = t.Config with { Train = t.Config.Train with { Steps = Steps, LogEvery = 25 } } })];

    static bool Lean(Trial t) => LeanGradient.Of(Registries.Models.Create(t.Config.Model), Registries.Losses.Create(t.Config.Loss)) is not null;

    static IReadOnlyList<Trial> TrialsOf(string name) => name.StartsWith("spec:", StringComparison.Ordinal)
        ? BatchingTests.Bundled(name["spec:".Length..]) : BatchingTests.CaseTrials(name["case:".Length..]);

    /// <summary>Every bundled spec and batching case whose trials take the lean step.</summary>
    public static TheoryData<string> Covered() => new(CoveredNames());

    static IEnumerable<string> CoveredNames() => BatchingTests.BundledNames().Select(n => "spec:" + n).Concat(BatchingTests.Cases.Keys.Select(n => "case:" + n))
        .Where(n => TrialsOf(n).Any(Lean));

    static IReadOnlyList<TrialResult> Train(IReadOnlyList<Trial> trials, bool lean, bool alone)
    {
        bool before = LeanGradient.Enabled;
        LeanGradient.Enabled = lean;
        try
        {
            if (alone) return [.. trials.Select(t => Trainer.Run(t))];
            var byKey = Batching.Group(trials).SelectMany(b => Trainer.Run(b)).ToDictionary(r => r.Key);
            return [.. trials.Select(t => byKey[t.Key])];
        }
        finally
        {
            LeanGradient.Enabled = before;
        }
    }

    static void AssertSameBits(TrialResult expected, TrialResult actual)
    {
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal((expected.StepsCompleted, expected.DivergedAtStep), (actual.StepsCompleted, actual.DivergedAtStep));
        Assert.Equal(expected.Points.Select(p => (p.Step, p.Metric, BitConverter.DoubleToInt64Bits(p.Value))), actual.Points.Select(p => (p.Step, p.Metric, BitConverter.DoubleToInt64Bits(p.Value))));
        Assert.Equal((expected.References ?? []).Select(r => (r.Reference, r.Quantity, r.Coordinate, BitConverter.DoubleToInt64Bits(r.Value))),
            (actual.References ?? []).Select(r => (r.Reference, r.Quantity, r.Coordinate, BitConverter.DoubleToInt64Bits(r.Value))));
        Assert.Equal((expected.Weights ?? []).SelectMany(w => w.Values.Select(v => (w.Name, BitConverter.DoubleToInt64Bits(v)))),
            (actual.Weights ?? []).SelectMany(w => w.Values.Select(v => (w.Name, BitConverter.DoubleToInt64Bits(v)))));
    }

    [Theory]
    [MemberData(nameof(Covered))]
    public void The_lean_step_gives_autograds_bits_batched_and_alone(string name)
    {
        var trials = Longer(TrialsOf(name));
        var batched = Train(trials, lean: true, alone: false);
        var reference = Train(trials, lean: false, alone: false);
        for (int i = 0; i < trials.Count; i++) AssertSameBits(reference[i], batched[i]);
        // Alone (K = 1: the other product route) for two trials, against autograd alone.
        var two = trials.Take(2).ToList();
        var leanAlone = Train(two, lean: true, alone: true);
        var autogradAlone = Train(two, lean: false, alone: true);
        for (int i = 0; i < two.Count; i++) AssertSameBits(autogradAlone[i], leanAlone[i]);
    }

    [Fact]
    public void The_lean_step_covers_linear_diagonal_and_single_neuron_models_with_the_squared_loss_and_nothing_it_cannot_prove()
    {
        Assert.Superset(new HashSet<string> { "spec:min-norm-regression", "spec:diagonal-nets", "spec:diagonal-depth", "spec:single-neuron" }, CoveredNames().ToHashSet());
        var lean = TrialsOf("case:gd-cosine")[0];
        Assert.True(Lean(lean));
        Assert.False(Lean(TrialsOf("case:adamw-mlp")[0]));        // an MLP: autograd
        Assert.False(Lean(TrialsOf("case:sensing-symmetric")[0])); // factorized matrices: autograd, for now
        Assert.False(Lean(TrialsOf("case:points-logistic")[0]));  // the logistic loss: autograd (its softplus uses relu three times, whose gradients autograd sums in its own order)
        Assert.True(Lean(TrialsOf("case:steepest-descent-loss-normalized")[0])); // the exponential loss
        LeanGradient.Enabled = false;
        try { Assert.False(Lean(lean)); } finally { LeanGradient.Enabled = true; }
    }
}
