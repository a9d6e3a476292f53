using Repro.Core.Catalog;
using Repro.Core.Spec;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>Inputs with i.i.d. standard normal entries; labels from a target function.</summary>
public sealed class GaussianRegression(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("gaussian-regression", "inputs with i.i.d. N(0, 1) entries, labelled by `target`", DesignRegression.Params())
    {
        Size = DesignRegression.Size,
    };

    public Dataset Generate(Generator generator) =>
        DesignRegression.Generate(c, generator, (shape, g) => randn(shape, dtype: ScalarType.Float64, generator: g));
}
