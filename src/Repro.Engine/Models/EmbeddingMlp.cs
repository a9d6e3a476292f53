using Repro.Core.Catalog;
using Repro.Core.Spec;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// The small network of grokking experiments on a pair of tokens (a, b): one embedding table E [p, d] shared
/// by both tokens, their embeddings concatenated (or added), one ReLU hidden layer, one logit per class:
/// f(a, b) = relu([E_a; E_b] W₁) W₂. Inputs are the token pairs as numbers [K, n, 2]. Standard
/// parametrization and no biases: every parameter is a weight [K, in, out] drawn by the init kind, so
/// `init: fan-in` gives each layer its 1/√in scale (the table's `in` is p, as for a layer on one-hot tokens).
/// </summary>
public sealed class EmbeddingMlp(Component c) : IModel
{
    public static readonly KindInfo Kind = new("embedding-mlp", "[E_a; E_b] → ReLU layer → one logit per class, for token pairs (a, b) such as modular-addition's",
    [
        ParamInfo.Count("modulus", 23, "vocabulary and classes p (equal to data.modulus)", min: 2),
        ParamInfo.Count("embed", 32, "embedding dimension d"),
        ParamInfo.Count("hidden", 128, "width of the hidden ReLU layer"),
        ParamInfo.OneOf("combine", "concat", "how the two embeddings meet: `concat` [E_a; E_b] (2d inputs to the layer) or `sum` E_a + E_b (d inputs)", "concat", "sum"),
    ])
    {
        Provides = [Traits.Logits],
        Needs = [Need.Data(Traits.TokenPairs, "it embeds tokens")],
        Rules = [Rule.Equal("modulus", "data.modulus")],
        ParameterCount = (c, _) =>
        {
            double p = c.Int("modulus"), embed = c.Int("embed"), hidden = c.Int("hidden");
            return p * embed + (c.Text("combine") == "sum" ? 1 : 2) * embed * hidden + hidden * p;
        },
    };

    long Vocab => c.Int("modulus");
    long Embed => c.Int("embed");
    long Hidden => c.Int("hidden");
    bool Sum => c.Text("combine") == "sum";

    public IReadOnlyList<long[]> Shapes(long trials, long features)
    {
        // An internal check: the binder pairs this model with token-pair data only (Kind.Needs).
        if (features != 2)
            throw new InvalidOperationException($"model embedding-mlp needs inputs that are token pairs (a, b), not {features} features");
        return [[trials, Vocab, Embed], [trials, (Sum ? 1 : 2) * Embed, Hidden], [trials, Hidden, Vocab]];
    }

    /// <summary>Logits [K, n, p] for token pairs [K, n, 2].</summary>
    public Tensor Forward(IReadOnlyList<Tensor> parameters, Tensor x)
    {
        var (table, w1, w2) = (parameters[0], parameters[1], parameters[2]);
        var tokens = x.to(ScalarType.Int64);
        // Row lookup per trial: gather along the vocabulary dimension of [K, p, d].
        Tensor Embedding(long operand) => table.gather(1, tokens.select(-1, operand).unsqueeze(-1).expand(-1, -1, table.shape[2]));
        var (ea, eb) = (Embedding(0), Embedding(1));
        var embedded = Sum ? ea.Plus(eb) : cat([ea, eb], -1);
        return BatchedProducts.MatMul(nn.functional.relu(BatchedProducts.MatMul(embedded, w1)), w2);
    }
}
