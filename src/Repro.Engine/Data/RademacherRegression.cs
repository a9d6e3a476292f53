using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// Inputs with i.i.d. Rademacher (±1, each with probability 1/2) entries, labelled by `target`: the design of
/// Woodworth et al. 2020's sparse-regression experiments, beside <see cref="GaussianRegression"/>'s N(0, 1).
/// </summary>
public sealed class RademacherRegression(Component c) : IDataGenerator
{
    public static readonly KindInfo Kind = new("rademacher-regression", "inputs with i.i.d. ±1 entries (each with probability 1/2), labelled by `target`", DesignRegression.Params())
    {
        Size = DesignRegression.Size,
    };

    // 2·Bernoulli(1/2) − 1 from integer draws: exact ±1, no rounding of a uniform.
    public Dataset Generate(Generator generator) => DesignRegression.Generate(c, generator, (shape, g) =>
        randint(0, 2, shape, dtype: ScalarType.Int64, generator: g).to(ScalarType.Float64).Times(2.0).Minus(1.0));
}
