using Repro.Core.Catalog;
using Repro.Engine.Numerics;
using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>
/// The largest eigenvalue of the Hessian of the full-batch training loss, by power iteration on
/// Hessian-vector products (double backward through autograd), so the Hessian is never formed.
/// The start vector comes from a fixed generator: the value is a deterministic function of the weights.
/// </summary>
public sealed class Sharpness : IMetric
{
    public static readonly KindInfo Kind = new("sharpness", "top eigenvalue of the training-loss Hessian (power iteration on Hessian-vector products)", []);

    public const int Iterations = 100;
    public const double Tolerance = 1e-7;

    public Tensor Compute(MetricContext c) => Held.Full([1], Of(c), ScalarType.Float64);

    /// <summary>The sharpness at the current step, computed once however many metrics read it.</summary>
    public static double Of(MetricContext c) => c.OncePerStep(Kind.Name, () =>
        TopEigenvalue(() => c.Loss.Compute(c.Model.Forward(c.Parameters, c.Data.XTrain), c.Data.YTrain).sum(), c.Parameters));

    /// <summary>λ_max of ∇²loss at the current parameters (trials K = 1).</summary>
    public static double TopEigenvalue(Func<Tensor> loss, IReadOnlyList<Tensor> parameters)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var inputs = parameters.ToList();
        var gradients = autograd.grad([loss()], inputs, retain_graph: true, create_graph: true);
        using var generator = new Generator(0);
        var v = parameters.Select(p => randn(p.shape, dtype: p.dtype, device: p.device, generator: generator)).ToList();
        v = Normalize(v);
        double eigenvalue = 0;
        for (int i = 0; i < Iterations; i++)
        {
            var dot = gradients.Zip(v, (g, d) => (g * d).sum()).Aggregate(Held.Plus);
            // retain_graph: true, explicitly: TorchSharp's default is false even with create_graph, and a second
            // product through a freed graph kills the process.
            var hv = autograd.grad([dot], inputs, retain_graph: true).ToList();
            double next = hv.Zip(v, (h, d) => (h * d).sum()).Aggregate(Held.Plus).to(ScalarType.Float64).item<double>();
            v = Normalize(hv.Select(h => h.detach()).ToList());
            bool converged = Math.Abs(next - eigenvalue) <= Tolerance * Math.Max(1, Math.Abs(next));
            eigenvalue = next;
            if (converged) break;
        }
        return eigenvalue;
    }

    static List<Tensor> Normalize(List<Tensor> v)
    {
        var norm = PortableMath.Sqrt(v.Select(t => t.Square().sum()).Aggregate(Held.Plus));
        return v.Select(t => t / norm).ToList();
    }
}
