using Repro.Core.Spec;
using Repro.Engine.Optimizers;
using static TorchSharp.torch;

namespace Repro.Tests.Support;

/// <summary>Builders shared by the engine-part tests: small tensors, values back out, a component from YAML.</summary>
public static class Parts
{
    /// <summary>A float64 row [1, n]: one trial's vector.</summary>
    public static Tensor Row(params double[] values) => tensor(values, dtype: ScalarType.Float64).unsqueeze(0);

    public static double[] Values(Tensor t) => t.cpu().to(ScalarType.Float64).data<double>().ToArray();

    /// <summary>Element-wise equality to 12 decimal places, for float64 arithmetic done two ways.</summary>
    public static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-12, _ => 0);

    /// <summary>
    /// The resolved component of one area, written as it would be in a spec (`{ kind: gd, lr: 0.1 }`): bound alone,
    /// so a part is built without the other parts a trial would pair it with (a factorized-matrix without its data).
    /// </summary>
    public static Component Component(string area, string yaml) =>
        SpecBinder.ParseComponent(area, yaml, "test.yaml", Repro.Engine.Registry.Registries.Catalog);

    /// <summary>
    /// An optimizer run on these parameters, from a component written as in a spec, with the kind's own lr as η and no
    /// data (for updates that read only the gradients and the losses they are given).
    /// </summary>
    public static IOptimizerRun Begin(string optimizer, params Tensor[] parameters)
    {
        var component = Component("optimizer", optimizer);
        return Repro.Engine.Registry.Registries.Optimizers.Create(component).Begin(parameters, new OptimizerContext(null!, null!, null!, component.Double("lr")));
    }

    /// <summary>A loss of 1 for each of <paramref name="rows"/> rows: for steps that do not read the loss, and for loss-normalized steps of η exactly.</summary>
    public static Tensor UnitLosses(long rows = 1) => ones(rows, dtype: ScalarType.Float64);
}
