using Repro.Core.Catalog;
using Repro.Engine.References;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The reference solutions metrics compare against, each computed on the trial's own training data in
/// float64 by a real solver (torch.linalg, OR-Tools, an exact active-set QP, Newton on a convex dual).
/// Names are the `reference` values in references.parquet.
/// </summary>
public static class ReferenceProblems
{
    // What each reference publishes: its name and scalars. A metric that solves for one declares it (KindInfo.References),
    // which is what a derived metric may read (`ref.svm.margin`); MetricContext.Solve holds each solution to its declaration.
    static readonly IReadOnlyList<string> ResidualScalars = ["primal_residual"];
    public static readonly ReferenceInfo MinL2Info = new("min_l2_interpolant", ResidualScalars);
    public static readonly ReferenceInfo NearestInfo = new("nearest_interpolant", ResidualScalars);
    public static readonly ReferenceInfo MinL1Info = new("min_l1_interpolant", LinearProgramReferences.InterpolantScalars);
    public static readonly ReferenceInfo MinLInfInfo = new("min_linf_interpolant", LinearProgramReferences.InterpolantScalars);
    public static readonly ReferenceInfo MinEntropyInfo = new("min_entropy_interpolant", EntropyInterpolant.ScalarNames);
    public static readonly ReferenceInfo SvmInfo = new("svm", HardMarginSvm.ScalarNames);
    public static readonly ReferenceInfo MaxMarginL1Info = new("max_margin_l1", LinearProgramReferences.MarginScalars);
    public static readonly ReferenceInfo MaxMarginLInfInfo = new("max_margin_linf", LinearProgramReferences.MarginScalars);
    public static readonly ReferenceInfo QAlphaInfo = new("q_alpha", QAlphaInterpolant.ScalarNames);
    public static readonly ReferenceInfo MinNuclearSensingInfo = new("min_nuclear_sensing", NuclearNormSensing.ScalarNames);

    /// <summary>argmin ‖w‖₂ s.t. Aw = ψ⁻¹(y): pinv(A) ψ⁻¹(y).</summary>
    public static Tensor MinL2(MetricContext c) => c.Reference(MinL2Info, ctx =>
    {
        var a = ctx.Design();
        var w = linalg.pinv(a).bmm(ctx.Targets().unsqueeze(-1)).squeeze(-1);
        return new Reference(w, Residual(a, w, ctx.Targets()));
    });

    /// <summary>argmin ‖w − w₀‖₂ s.t. Aw = ψ⁻¹(y): w₀ + pinv(A)(ψ⁻¹(y) − Aw₀), the interpolant GD from w₀ reaches.</summary>
    public static Tensor NearestInterpolant(MetricContext c) => c.Reference(NearestInfo, ctx =>
    {
        var a = ctx.Design();
        var w0 = ctx.InitialCoefficients;
        var gap = ctx.Targets() - a.bmm(w0.unsqueeze(-1)).squeeze(-1);
        var w = w0.Plus(linalg.pinv(a).bmm(gap.unsqueeze(-1)).squeeze(-1));
        return new Reference(w, Residual(a, w, ctx.Targets()));
    });

    public static Tensor MinL1(MetricContext c) =>
        c.Reference(MinL1Info, ctx => Solved(ctx, LinearProgramReferences.MinL1Interpolant(Matrix(ctx.Design()), Vector(ctx.Targets()))));

    public static Tensor MinLInf(MetricContext c) =>
        c.Reference(MinLInfInfo, ctx => Solved(ctx, LinearProgramReferences.MinLInfInterpolant(Matrix(ctx.Design()), Vector(ctx.Targets()))));

    /// <summary>argmin D_ψ(w, w₀) s.t. Aw = y for the entropy potential: where mirror descent from w₀ ends.</summary>
    public static Tensor MinEntropy(MetricContext c) =>
        c.Reference(MinEntropyInfo, ctx => Solved(ctx, EntropyInterpolant.Solve(Matrix(ctx.Design()), Vector(ctx.Targets()), Vector(ctx.InitialCoefficients))));

    /// <summary>The hard-margin SVM ŵ = argmin ‖w‖ s.t. yᵢ⟨w, xᵢ⟩ ≥ 1 (labels are the raw ±1 targets).</summary>
    public static Reference Svm(MetricContext c) =>
        c.Solve(SvmInfo, ctx => Solved(ctx, HardMarginSvm.Solve(Matrix(ctx.Design()), Vector(ctx.Data.YTrain.to(ScalarType.Float64)))));

    public static Reference MaxMarginL1(MetricContext c) =>
        c.Solve(MaxMarginL1Info, ctx => Solved(ctx, LinearProgramReferences.MaxMarginL1(Matrix(ctx.Design()), Vector(ctx.Data.YTrain.to(ScalarType.Float64)))));

    public static Reference MaxMarginLInf(MetricContext c) =>
        c.Solve(MaxMarginLInfInfo, ctx => Solved(ctx, LinearProgramReferences.MaxMarginLInf(Matrix(ctx.Design()), Vector(ctx.Data.YTrain.to(ScalarType.Float64)))));

    /// <summary>
    /// argmin Q_α(w) s.t. Aw = y (Woodworth et al. 2020), where gradient flow takes a depth-2 diagonal network from
    /// u₀ = v₀ = α·1. α is read off the start itself (|u₀|, in the model's precision: the α that trained); the binder
    /// admits only a constant start (Traits.ConstantStart).
    /// </summary>
    public static Tensor QAlpha(MetricContext c) => c.Reference(QAlphaInfo, ctx =>
    {
        var starts = ctx.InitialParameters.Select(p => p[0].to(ScalarType.Float64).abs()).ToList();
        double alpha = starts[0].max().cpu().item<double>();
        // An internal check: a constant init starts every parameter at one value.
        if (starts.Any(s => s.min().cpu().item<double>() != alpha || s.max().cpu().item<double>() != alpha))
            throw new InvalidOperationException("q_alpha needs every parameter to start at ±α (init constant)");
        return Solved(ctx, QAlphaInterpolant.Solve(Matrix(ctx.Design()), Vector(ctx.Targets()), alpha));
    });

    /// <summary>The minimum-nuclear-norm PSD X with ⟨A_i, X⟩ = y_i for matrix sensing data (inputs vec(A_i), n² wide).</summary>
    public static Tensor MinNuclearSensing(MetricContext c) => c.Reference(MinNuclearSensingInfo, ctx =>
    {
        var a = Matrix(ctx.Data.XTrain.to(ScalarType.Float64));
        int n = (int)Math.Round(Math.Sqrt(a.GetLength(1)));
        return Solved(ctx, NuclearNormSensing.Solve(n, a, Vector(ctx.Data.YTrain.to(ScalarType.Float64))));
    });

    // The solvers work on one problem at a time; trials are K = 1 today.
    static double[,] Matrix(Tensor batch)
    {
        var m = batch[0].cpu().to(ScalarType.Float64);
        var (rows, cols) = ((int)m.shape[0], (int)m.shape[1]);
        var data = m.data<double>().ToArray();
        var result = new double[rows, cols];
        Buffer.BlockCopy(data, 0, result, 0, data.Length * sizeof(double));
        return result;
    }

    static double[] Vector(Tensor batch) => batch[0].cpu().to(ScalarType.Float64).data<double>().ToArray();

    static Reference Solved(MetricContext c, ReferenceSolution solution) =>
        new(tensor(solution.Coefficients, dtype: ScalarType.Float64).unsqueeze(0).to(c.Data.XTrain.device), solution.Scalars);

    static SortedDictionary<string, double> Residual(Tensor a, Tensor w, Tensor y) => new(StringComparer.Ordinal)
    {
        ["primal_residual"] = (a.bmm(w.unsqueeze(-1)).squeeze(-1) - y).abs().max().cpu().item<double>(),
    };
}
