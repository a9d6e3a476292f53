using Repro.Core.Catalog;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The references that give a metric family (<see cref="ReferenceFamily"/>), one registration line each. The
/// hand-written metrics that came first (dist_to_min_norm, min_nuclear_test_loss, ...) keep their classes and
/// values: their members are listed as Existing, and only the missing names are generated.
/// </summary>
public static class NamedReferences
{
    public static readonly NamedReference MinNorm = new("min_norm", "the minimum-L2-norm interpolant pinv(X)ψ⁻¹(y)", ReferenceProblems.MinL2)
    {
        References = [ReferenceProblems.MinL2Info],
        Existing = [ReferenceMetric.Distance],
    };

    public static readonly NamedReference Nearest = new("nearest_interpolant", "the interpolant nearest the initialization, w₀ + pinv(X)(ψ⁻¹(y) − Xw₀)", ReferenceProblems.NearestInterpolant)
    {
        References = [ReferenceProblems.NearestInfo],
        Existing = [ReferenceMetric.Distance],
    };

    public static readonly NamedReference MinL1 = new("min_l1", "the minimum-L1-norm interpolant (basis pursuit, OR-Tools GLOP)", ReferenceProblems.MinL1)
    {
        NeedsInterpolant = true,
        References = [ReferenceProblems.MinL1Info],
        Existing = [ReferenceMetric.Distance],
    };

    public static readonly NamedReference MinLInf = new("min_linf", "the minimum-L∞-norm interpolant (an LP, OR-Tools GLOP)", ReferenceProblems.MinLInf)
    {
        NeedsInterpolant = true,
        References = [ReferenceProblems.MinLInfInfo],
        Existing = [ReferenceMetric.Distance],
    };

    public static readonly NamedReference MinEntropy = new("min_entropy", "the entropy interpolant argmin D_ψ(w, w₀) s.t. Xw = y", ReferenceProblems.MinEntropy)
    {
        NeedsInterpolant = true,
        Needs = [Need.Model(Traits.PositiveCoefficients), Need.Init(Traits.PositiveStart, "the entropy interpolant is stated from a positive w₀")],
        References = [ReferenceProblems.MinEntropyInfo],
        Existing = [ReferenceMetric.Distance],
    };

    public static readonly NamedReference Svm = new("svm", "the hard-margin SVM ŵ", c => ReferenceProblems.Svm(c).Coefficients)
    {
        Needs = MarginMetrics.Needs,
        References = [ReferenceProblems.SvmInfo],
    };

    /// <summary>The completion reference; the existing metrics refuse sensing data, which has its own family below.</summary>
    public static readonly NamedReference MinNuclear = new("min_nuclear", "the minimum-nuclear-norm completion X* of the observed entries", c => MinNuclearCompletion.Of(c).Coefficients)
    {
        Needs = MinNuclearCompletion.Needs,
        References = [MinNuclearCompletion.Info],
        Existing = [ReferenceMetric.Distance, ReferenceMetric.TestLoss],
    };

    public static readonly NamedReference MinNuclearSensing = new("min_nuclear_sensing",
        "the minimum-nuclear-norm PSD X* with ⟨A_i, X*⟩ = y_i (an SDP, interior-point, certified by its duality gap)", ReferenceProblems.MinNuclearSensing)
    {
        // One need, not matrix-measurements and a count: data that is not sensing at all gets one message.
        Needs = [Need.Model(Traits.FeatureCoefficients), Need.Data(Traits.IndependentMeasurements, "more would be linearly dependent, and the SDP has no interior")],
        References = [ReferenceProblems.MinNuclearSensingInfo],
    };

    /// <summary>The data's own generating coefficients (Dataset.Truth): no solve, nothing published.</summary>
    public static readonly NamedReference Truth = new("truth", "the true coefficients that generated the data", TrueCoefficients)
    {
        Needs = [Need.Model(Traits.FeatureCoefficients), Need.Data(Traits.TrueCoefficients)],
    };

    public static readonly NamedReference QAlpha = new("q_alpha",
        "the Q_α interpolant argmin α² Σ q(wᵢ/α²) s.t. Xw = y (Woodworth et al. 2020), where gradient flow takes w = u∘u − v∘v from u = v = α", ReferenceProblems.QAlpha)
    {
        NeedsInterpolant = true,
        Needs =
        [
            Need.Model(Traits.QuadraticDiagonal, "the Q_α theorem is about u∘u − v∘v"),
            Need.Init(Traits.ConstantStart, "the Q_α theorem starts at u = v = α"),
            new("loss", Traits.SquaredLoss, "the Q_α theorem is gradient flow on the squared loss"),
        ],
        References = [ReferenceProblems.QAlphaInfo],
    };

    static Tensor TrueCoefficients(MetricContext c) =>
        // An internal check: the binder gives these metrics data with true coefficients only (Needs).
        (c.Data.Truth ?? throw new InvalidOperationException("the truth metrics need data with known true coefficients")).to(ScalarType.Float64);
}
