using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>The metrics every named reference gives; see <see cref="ReferenceFamily"/>.</summary>
public enum ReferenceMetric { Distance, NormRatio, TestLoss, ExcessTestLoss }

/// <summary>
/// A reference solution under the name its metrics carry (`dist_to_NAME`), with what computing it needs of the trial
/// and the reference it solves for (published in references.parquet; none for the data's own truth).
/// </summary>
/// <param name="Description">a noun phrase for the docs: "the minimum-L2-norm interpolant pinv(X)ψ⁻¹(y)"</param>
/// <param name="Coefficients">the reference's coefficients, float64 [K, P]</param>
public sealed record NamedReference(string Name, string Description, Func<MetricContext, Tensor> Coefficients)
{
    public IReadOnlyList<Need> Needs { get; init; } = [Need.Model(Traits.Coefficients)];
    public bool NeedsInterpolant { get; init; }
    public IReadOnlyList<ReferenceInfo> References { get; init; } = [];

    /// <summary>Members a hand-written metric already serves under the family's name (dist_to_min_norm): not generated again.</summary>
    public IReadOnlyList<ReferenceMetric> Existing { get; init; } = [];
}

/// <summary>
/// One family of metrics per named reference, so that a new reference is one <see cref="NamedReference"/> and one
/// registration line rather than a class per (metric, reference) pair: `dist_to_NAME` (‖w − w_ref‖/‖w_ref‖),
/// `norm_ratio_to_NAME` (‖w‖₂/‖w_ref‖₂), `NAME_test_loss` (the reference's own test loss) and
/// `excess_test_loss_over_NAME` (test loss of w minus the reference's).
/// </summary>
public static class ReferenceFamily
{
    public static string MetricName(ReferenceMetric metric, string reference) => metric switch
    {
        ReferenceMetric.Distance => $"dist_to_{reference}",
        ReferenceMetric.NormRatio => $"norm_ratio_to_{reference}",
        ReferenceMetric.TestLoss => $"{reference}_test_loss",
        _ => $"excess_test_loss_over_{reference}",
    };

    // The test losses predict with Design(x)·w_ref, which is the model's own prediction only where it is linear in w.
    static readonly Need Linear = Need.Model(Traits.LinearInCoefficients, "the reference predicts by Design(x)·w");

    /// <summary>The metrics of <paramref name="reference"/> its hand-written ones do not already serve, with their kinds.</summary>
    public static IEnumerable<(KindInfo Info, Func<Component, IMetric> Create)> Of(NamedReference reference)
    {
        foreach (var metric in Enum.GetValues<ReferenceMetric>().Where(m => !reference.Existing.Contains(m)))
        {
            var needs = metric is ReferenceMetric.TestLoss or ReferenceMetric.ExcessTestLoss ? [.. reference.Needs, Linear] : reference.Needs;
            var kind = new KindInfo(MetricName(metric, reference.Name), Doc(metric, reference.Description), [])
            {
                Needs = needs,
                NeedsInterpolant = reference.NeedsInterpolant,
                References = reference.References,
            };
            yield return (kind, _ => new Member(reference, metric));
        }
    }

    static string Doc(ReferenceMetric metric, string description) => metric switch
    {
        ReferenceMetric.Distance => $"relative distance ‖w − w_ref‖₂/‖w_ref‖₂ to {description}",
        ReferenceMetric.NormRatio => $"‖w‖₂/‖w_ref‖₂ for {description}",
        ReferenceMetric.TestLoss => $"test loss of {description}",
        _ => $"test loss of w minus the test loss of {description}",
    };

    /// <summary>The reference's predictions on the test set under the trial's loss, float64 [K].</summary>
    public static Tensor ReferenceTestLoss(MetricContext c, Tensor reference)
    {
        var x = c.VectorModel.Design(c.Data.XTest).to(ScalarType.Float64);
        return c.Loss.Compute(x.bmm(reference.unsqueeze(-1)).squeeze(-1), c.Data.YTest.to(ScalarType.Float64));
    }

    sealed class Member(NamedReference reference, ReferenceMetric metric) : IMetric
    {
        public Tensor Compute(MetricContext c)
        {
            var w = reference.Coefficients(c);
            return metric switch
            {
                ReferenceMetric.Distance => Relative.Distance(c.Coefficients(), w),
                ReferenceMetric.NormRatio => Held.VectorNorm(c.Coefficients(), dims: [1]) / Held.VectorNorm(w, dims: [1]),
                ReferenceMetric.TestLoss => ReferenceTestLoss(c, w),
                // The first term is exactly what `test_loss` records.
                _ => new TestLoss().Compute(c) - ReferenceTestLoss(c, w),
            };
        }
    }
}
