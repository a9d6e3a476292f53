using Repro.Core.Catalog;
using Repro.Engine.Data;
using Repro.Engine.Losses;
using Repro.Engine.Models;
using static TorchSharp.torch;

namespace Repro.Engine.Metrics;

/// <summary>A reference solution of one trial's problem: coefficients [K, P] in float64 and named scalars (certificates).</summary>
public sealed record Reference(Tensor Coefficients, IReadOnlyDictionary<string, double> Scalars);

/// <summary>
/// What a metric may look at: the data, the model and its parameters, the training clock, and reference
/// solutions. References are computed once per trial, on first use, and published with the results.
/// </summary>
public sealed class MetricContext(Dataset data, IModel model, IReadOnlyList<Tensor> parameters, ILoss loss, Tensor initialCoefficients,
    IReadOnlyList<Tensor> initialParameters) : IDisposable
{
    readonly SortedDictionary<string, Reference> references = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> atThisStep = new(StringComparer.Ordinal);
    readonly Dictionary<string, object> sharedThisStep = new(StringComparer.Ordinal);
    long step;

    public Dataset Data => data;
    public IModel Model => model;
    public IReadOnlyList<Tensor> Parameters => parameters;
    public ILoss Loss => loss;

    /// <summary>The step just taken (0 at initialization).</summary>
    public long Step
    {
        get => step;
        set
        {
            if (value != step) { atThisStep.Clear(); ClearShared(); }
            step = value;
        }
    }

    /// <summary>
    /// A costly value computed once per recorded step however many metrics ask for it (sharpness is
    /// read by `sharpness` and `sharpness_ratio`).
    /// </summary>
    public double OncePerStep(string name, Func<double> compute)
    {
        if (!atThisStep.TryGetValue(name, out double value)) atThisStep[name] = value = compute();
        return value;
    }

    /// <summary>
    /// Work several metrics share at one step (the Hessian's top eigenvector, which sharpness and lambda_2 both use):
    /// computed once per step; a disposable value is disposed when the step moves on.
    /// </summary>
    public T SharedPerStep<T>(string name, Func<T> compute) where T : class
    {
        if (!sharedThisStep.TryGetValue(name, out var value)) sharedThisStep[name] = value = compute();
        return (T)value;
    }

    void ClearShared()
    {
        foreach (var value in sharedThisStep.Values) (value as IDisposable)?.Dispose();
        sharedThisStep.Clear();
    }

    /// <summary>How the Hessian eigenvalue metrics are computed (the spec's `eigensolver:`, else today's power iteration).</summary>
    public Repro.Core.Spec.EigensolverSettings Eigensolver { get; init; } = Repro.Core.Spec.EigensolverSettings.Default;

    /// <summary>Σ η·(schedule factor) over the steps taken: the gradient-flow time reached.</summary>
    public double Time { get; set; }

    /// <summary>The step size of the last step, η·(schedule factor); the first step's before any is taken.</summary>
    public double LearningRate { get; set; }

    /// <summary>How many steps so far had a larger minibatch loss than the step before: 0 for a monotone descent.</summary>
    public long LossIncreases { get; set; }

    /// <summary>Copies of the parameters at initialization.</summary>
    public IReadOnlyList<Tensor> InitialParameters => initialParameters;

    /// <summary>The effective coefficients at initialization, float64 [K, P].</summary>
    public Tensor InitialCoefficients => initialCoefficients;

    // An internal check: the binder gives coefficient metrics a model with a coefficient vector only (their Kind.Needs).
    public IVectorModel VectorModel => model as IVectorModel
        ?? throw new InvalidOperationException($"this metric needs a model with a coefficient vector (linear, diagonal-net, single-neuron, factorized-matrix), not {model.GetType().Name}");

    /// <summary>The effective coefficients now, float64 [K, P].</summary>
    public Tensor Coefficients() => VectorModel.Coefficients(parameters).to(ScalarType.Float64);

    /// <summary>The design matrix of the training set, float64 [K, n, P].</summary>
    public Tensor Design() => VectorModel.Design(data.XTrain).to(ScalarType.Float64);

    /// <summary>The pre-activations an interpolant must produce, ψ⁻¹(y), float64 [K, n].</summary>
    public Tensor Targets() => VectorModel.InverseLink(data.YTrain.to(ScalarType.Float64));

    /// <summary>
    /// The declared reference solution, computed by <paramref name="solve"/> on first use. Its scalars must be the
    /// declared ones: derived metrics were bound against the declaration.
    /// </summary>
    public Reference Solve(ReferenceInfo declared, Func<MetricContext, Reference> solve)
    {
        if (!references.TryGetValue(declared.Name, out var reference))
        {
            using (NewDisposeScope())
            {
                reference = solve(this);
                reference.Coefficients.DetachFromDisposeScope();
            }
            references[declared.Name] = reference;
            if (!reference.Scalars.Keys.ToHashSet().SetEquals(declared.Scalars))
                throw new InvalidOperationException($"reference {declared.Name} published the scalars {string.Join(", ", reference.Scalars.Keys)}, but declares {string.Join(", ", declared.Scalars)}");
        }
        return reference;
    }

    /// <summary>The coefficients of the declared reference solution.</summary>
    public Tensor Reference(ReferenceInfo declared, Func<MetricContext, Reference> solve) => Solve(declared, solve).Coefficients;

    public IReadOnlyDictionary<string, Reference> References => references;

    public void Dispose()
    {
        ClearShared();
        foreach (var r in references.Values) r.Coefficients.Dispose();
    }
}
