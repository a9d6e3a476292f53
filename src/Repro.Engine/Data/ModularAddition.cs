using Repro.Core;
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
    // modulus must equal the model's (each bounds the other, as for matrix-completion): a mismatch is a
    // spec error with a position rather than a token out of the embedding table at run time.
    public static readonly KindInfo Kind = new("modular-addition", "all pairs (a, b) mod p labelled (a + b) mod p, split at random into training and test pairs",
    [
        ParamInfo.Count("modulus", 23, "the modulus p: tokens and classes 0 … p−1 (equal to model.modulus for an embedding-mlp)", min: 2) with { MaxPath = "model.modulus" },
        new ParamInfo("train_fraction", ParamType.Double, 0.5, "share of the p² pairs used for training (rounded to a whole count)") { Min = 0, MinExclusive = true, Max = 1 },
    ]);

    public Dataset Generate(Generator generator)
    {
        long p = c.Int("modulus"), pairs = p * p;
        long nTrain = (long)Math.Round(c.Double("train_fraction") * pairs, MidpointRounding.AwayFromZero);
        if (nTrain < 1 || nTrain >= pairs)
            throw new RunException($"data.train_fraction = {c.Double("train_fraction")} of {pairs} pairs leaves {(nTrain < 1 ? "no training" : "no test")} pairs; choose a fraction between {1.0 / pairs:G3} and {1 - 1.0 / pairs:G3}");
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
