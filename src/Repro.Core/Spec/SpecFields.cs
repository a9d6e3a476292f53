using Repro.Core.Catalog;

namespace Repro.Core.Spec;

/// <summary>The fixed (kind-less) fields of a spec, described like component parameters.</summary>
public static class SpecFields
{
    public static readonly IReadOnlyList<ParamInfo> Train =
    [
        ParamInfo.Count("steps", 1000, "number of optimizer steps"),
        ParamInfo.Count("log_every", 10, "record metrics every this many steps (and at step 0 and the last step)"),
    ];

    /// <summary>`eigensolver:` for the Hessian eigenvalues (sharpness, lambda_2); its defaults are the power iteration sharpness always used.</summary>
    public static readonly IReadOnlyList<ParamInfo> Eigensolver =
    [
        ParamInfo.OneOf("kind", EigensolverSettings.Default.Kind, "power: power iteration (deflated once for lambda_2); lanczos: Lanczos with full reorthogonalization in float64", "power", "lanczos"),
        ParamInfo.Count("iterations", EigensolverSettings.Default.Iterations, "at most this many Hessian-vector products per eigenvalue (power) or Krylov steps (lanczos)") with { Max = EigensolverSettings.MaxIterations },
        ParamInfo.Positive("tolerance", EigensolverSettings.Default.Tolerance, "stop when an eigenvalue estimate changes by at most tolerance·max(1, |λ|) from one iteration to the next") with { Max = 1 },
    ];

    public static readonly ParamInfo Device = ParamInfo.OneOf("device", "cpu", "where tensors live", "cpu", "cuda", "auto");
    public static readonly ParamInfo Dtype = ParamInfo.OneOf("dtype", "float64", "floating-point precision of training", "float64", "float32");
}
