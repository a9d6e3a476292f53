using Repro.Engine.Data;
using Repro.Engine.Optimizers;
using Repro.Engine.Registry;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Support;

/// <summary>
/// A linear model on a few points written in the test: the loss and its gradient in plain C# doubles (the hand
/// reference of an update rule), and an optimizer kind run on it step by step as the trainer runs it (loss per row,
/// backward, Step with that loss).
/// </summary>
public sealed class TinyProblem(double[][] x, double[] y, string loss = "mse")
{
    public double[][] X => x;
    public double[] Y => y;
    public int N => x.Length;

    /// <summary>f(x) = ⟨θ, x⟩ for every point.</summary>
    public double[] Predictions(double[] theta) => [.. x.Select(row => row.Zip(theta, (a, b) => a * b).Sum())];

    /// <summary>mean (f − y)², or mean exp(−y f) for the exponential loss.</summary>
    public double Loss(double[] theta) => Predictions(theta).Select((f, i) => loss == "mse" ? (f - y[i]) * (f - y[i]) : Math.Exp(-y[i] * f)).Average();

    /// <summary>∇ of <see cref="Loss"/>: (2/n) Σ (f − y) x, or −(1/n) Σ y exp(−y f) x.</summary>
    public double[] Gradient(double[] theta)
    {
        var f = Predictions(theta);
        var g = new double[theta.Length];
        for (int i = 0; i < N; i++)
        {
            double weight = loss == "mse" ? 2 * (f[i] - y[i]) : -y[i] * Math.Exp(-y[i] * f[i]);
            for (int j = 0; j < g.Length; j++) g[j] += weight * x[i][j] / N;
        }
        return g;
    }

    public Dataset Data()
    {
        var inputs = tensor(x.SelectMany(r => r).ToArray(), dtype: ScalarType.Float64).reshape(1, N, x[0].Length);
        var targets = tensor(y, dtype: ScalarType.Float64).unsqueeze(0);
        return new Dataset(inputs, targets, inputs, targets);
    }

    /// <summary>θ after each of <paramref name="steps"/> steps of the optimizer (written as in a spec) from <paramref name="start"/>.</summary>
    public List<double[]> Train(string optimizer, double[] start, int steps)
    {
        var data = Data();
        var model = Registries.Models.Create(Component("model", "linear"));
        var lossKind = Registries.Losses.Create(Component("loss", loss));
        var component = Component("optimizer", optimizer);
        var theta = Row(start).requires_grad_(true);
        using var run = Registries.Optimizers.Create(component).Begin([theta], new OptimizerContext(data, model, lossKind, component.Double("lr")));
        var path = new List<double[]>();
        for (int step = 0; step < steps; step++)
        {
            theta.grad?.zero_();
            var perTrial = lossKind.Compute(model.Forward([theta], data.XTrain), data.YTrain);
            perTrial.sum().backward();
            run.Step(1.0, perTrial.detach());
            path.Add(Values(theta.detach()));
        }
        return path;
    }
}
