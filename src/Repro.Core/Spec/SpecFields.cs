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

    public static readonly ParamInfo Device = ParamInfo.OneOf("device", "cpu", "where tensors live", "cpu", "cuda", "auto");
    public static readonly ParamInfo Dtype = ParamInfo.OneOf("dtype", "float64", "floating-point precision of training", "float64", "float32");
}
