using Repro.Core.Spec;
using Repro.Engine.Registry;

namespace Repro.Tests.Support;

/// <summary>Small specs for tests: a valid base to edit, and a loader that points errors at "test.yaml".</summary>
public static class Specs
{
    public const string Tiny = """
        name: tiny
        data: { kind: gaussian-regression, n_train: 8, n_test: 16, features: 20, target: { kind: sparse-linear, nonzeros: 3, noise: 0.0 } }
        model: linear
        init: zeros
        optimizer: { kind: gd, lr: 0.05 }
        train: { steps: 400, log_every: 50 }
        seeds: [0, 1]
        metrics: [train_loss, dist_to_min_norm]
        """;

    public static ResolvedSpec Parse(string yaml) => SpecBinder.Parse(yaml, "test.yaml", Registries.Catalog);

    public static SpecError SingleError(string yaml)
    {
        var e = Assert.Throws<SpecException>(() => Parse(yaml));
        return Assert.Single(e.Errors);
    }
}
