using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Data;

/// <summary>
/// The algorithmic task of Power et al. (2022): every pair (a, b) ∈ Z_p² labelled (a + b) mod p, split into
/// training and test pairs by a random permutation from the trial's data stream. Each pair is a point:
/// the input is (a, b) as two numbers [K, n, 2], the target the class (a + b) mod p.
/// </summary>
public sealed class ModularAddition(Component c) : IDataGenerator
{
    // An embedding-mlp model declares that its modulus equals this one (EmbeddingMlp.Kind).
    public static readonly KindInfo Kind = new("modular-addition", "all pairs (a, b) mod p labelled (a + b) mod p, split at random into training and test pairs",
    [
        ParamInfo.Count("modulus", 23, "the modulus p: tokens and classes 0 … p−1 (equal to model.modulus for an embedding-mlp)", min: 2),
        new ParamInfo("train_fraction", ParamType.Double, 0.5, "share of the p² pairs used for training (rounded to a whole count; both sets non-empty)") { Min = 0, MinExclusive = true, Max = 1 },
    ])
    {
        Provides = [Traits.TokenPairs],
        Rules = [Rule.Split("train_fraction", c => c.Int("modulus") * c.Int("modulus"), "pairs")],
        Size = c => new DataSize((double)c.Int("modulus") * c.Int("modulus"), 2, Train: SplitRule.Taken(c.Double("train_fraction"), c.Int("modulus") * c.Int("modulus"))),
    };

    public Dataset Generate(Generator generator)
    {
        // The binder checked that both sets are non-empty (Kind.Rules).
        long p = c.Int("modulus"), pairs = p * p;
        long nTrain = SplitRule.Taken(c.Double("train_fraction"), pairs);
        var order = randperm(pairs, generator: generator, dtype: ScalarType.Int64);
        var (xTrain, yTrain) = Pairs(order.narrow(0, 0, nTrain), p);
        var (xTest, yTest) = Pairs(order.narrow(0, nTrain, pairs - nTrain), p);
        return new Dataset(xTrain, yTrain, xTest, yTest);
    }

    /// <summary>Pair indices i [n] → inputs (a, b) = (i div p, i mod p) [1, n, 2] and targets (a + b) mod p [1, n], float64.</summary>
    static (Tensor X, Tensor Y) Pairs(Tensor index, long p)
    {
        var a = index.FloorOver(p);
        var b = index.Mod(p);
        return (stack([a, b], 1).to(ScalarType.Float64).unsqueeze(0), a.Plus(b).Mod(p).to(ScalarType.Float64).unsqueeze(0));
    }
}
