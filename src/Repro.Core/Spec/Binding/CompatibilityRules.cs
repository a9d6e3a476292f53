using System.Globalization;
using Repro.Core.Catalog;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// The rules that relate the parts of one bound trial, as the kinds declare them (<see cref="KindInfo.Rules"/>,
/// <see cref="KindInfo.Needs"/>, <see cref="MetricInfo.Needs"/>, the data and model sizes), so that nothing
/// `repro validate` accepts fails in `repro run` for a reason the spec already shows. Each error goes to the
/// value that breaks the rule: the value the spec writes (a swept value or an override when that is what differs), else
/// the component's section, else the top of the spec with a fix that names the key to add.
/// </summary>
sealed class CompatibilityRules(KindCatalog catalog, SpecErrors errors, SpecLimits limits)
{
    /// <summary>
    /// Copies of the parameters a trial keeps besides the data: the leaves, their gradients, the initial copy,
    /// the batch copy and up to two optimizer moments (Adam).
    /// </summary>
    const double ParameterCopies = 6;

    /// <summary>A bound component and where it sits: its trial path (data.target) and the area its kinds come from (target).</summary>
    public sealed record Part(string Path, string Area, Component Component, KindInfo Kind);

    /// <summary>A kind or a metric that needs something of another area.</summary>
    sealed record Requirer(string Path, string What, string Area, bool IsMetric, string Name);

    /// <summary>Every component of a trial, nested ones (data.target) after their parent.</summary>
    public IReadOnlyList<Part> Parts(TrialConfig trial) =>
    [
        .. Walk("data", "data", trial.Data), .. Walk("model", "model", trial.Model), .. Walk("init", "init", trial.Init),
        .. Walk("optimizer", "optimizer", trial.Optimizer), .. Walk("schedule", "schedule", trial.Schedule), .. Walk("loss", "loss", trial.Loss),
    ];

    public IEnumerable<Part> Walk(string path, string area, Component component)
    {
        var kind = catalog.Area(area).Kind(component.Kind)!;
        yield return new Part(path, area, component, kind);
        foreach (var param in kind.Params.Where(p => p.Type == ParamType.Component))
            foreach (var nested in Walk($"{path}.{param.Name}", param.Area!, component.Child(param.Name)))
                yield return nested;
    }

    /// <param name="failed">paths whose values already have an error: rules on them would only repeat it</param>
    public void Check(TrialConfig trial, TrialMarks marks, IReadOnlySet<string> failed)
    {
        var parts = Parts(trial);
        CheckRules(parts, marks, failed);
        foreach (var part in parts)
            foreach (var need in part.Kind.Needs.Where(n => n.AppliesTo(part.Component)))
                CheckNeed(new Requirer(part.Path, $"{part.Path} {part.Component.Kind}", part.Area, false, part.Component.Kind), need, parts, marks, failed);
        foreach (var metric in trial.Metrics)
            foreach (var need in catalog.Metric(metric)?.Needs ?? [])
                CheckNeed(new Requirer($"metrics.{metric}", $"metric {metric}", "metric", true, metric), need, parts, marks, failed);
        if (!failed.Any(p => p.StartsWith("data", StringComparison.Ordinal) || p.StartsWith("model", StringComparison.Ordinal)))
        {
            CheckSize(parts, marks);
            foreach (var metric in trial.Metrics.Where(m => catalog.Metric(m)?.NeedsInterpolant == true))
                CheckInterpolant(metric, parts, marks);
        }
    }

    /// <summary>The rules of these parts; a rule whose other path is not among them does not apply.</summary>
    public void CheckRules(IReadOnlyList<Part> parts, TrialMarks marks, IReadOnlySet<string> failed)
    {
        foreach (var part in parts)
            foreach (var check in part.Kind.Checks)
            {
                string path = $"{part.Path}.{check.Param}";
                if (!failed.Contains(path) && !part.Kind.Params.Any(p => failed.Contains($"{part.Path}.{p.Name}")) && check.Problem(part.Component) is { } problem)
                    errors.Add(marks.Nearest(path), $"{path}: {problem}", check.Fix);
            }
        foreach (var part in parts)
            foreach (var rule in part.Kind.Rules)
            {
                string path = $"{part.Path}.{rule.Param}";
                if (failed.Contains(path)) continue;
                if (rule is LengthRule length)
                {
                    int count = ((Numbers)part.Component.Params[rule.Param]).Count;
                    if (Lookup(parts, length.Other) is { } expected && !failed.Contains(length.Other) && count != expected)
                        errors.Add(marks.Written(path) ?? marks.Nearest(path), $"{path} has {count} entries, but {Value(length.Other, expected, marks)}",
                            $"give {Canonical.Number(expected)} entries, or set {length.Other}: {count}");
                    continue;
                }
                double value = Number(part.Component.Params[rule.Param]);
                switch (rule)
                {
                    case AtMostRule r when Lookup(parts, r.Other) is { } bound && !failed.Contains(r.Other) && value > bound:
                        AtMost(path, value, r.Other, bound, marks);
                        break;
                    case EqualRule r when Lookup(parts, r.Other) is { } other && !failed.Contains(r.Other) && value != other:
                        Equal(path, value, r.Other, other, marks);
                        break;
                    case SplitRule r:
                        Split(part, path, value, r, marks);
                        break;
                }
            }
    }

    void AtMost(string own, double value, string other, double bound, TrialMarks marks)
    {
        var (mark, atOther) = Place(own, other, marks);
        if (atOther)
            errors.Add(mark, $"{Value(other, bound, marks)} is below {Value(own, value, marks)}",
                $"use {other} >= {Canonical.Number(value)}, or set {own} <= {Canonical.Number(bound)}");
        else
            errors.Add(mark, $"{Value(own, value, marks)} exceeds {Value(other, bound, marks)}",
                $"use a value <= {Canonical.Number(bound)}{(marks.Written(other) is null ? $", or set {other} >= {Canonical.Number(value)}" : "")}");
    }

    void Equal(string own, double value, string other, double expected, TrialMarks marks)
    {
        var (mark, atOther) = Place(own, other, marks);
        if (atOther)
            errors.Add(mark, $"{Value(other, expected, marks)} must equal {Value(own, value, marks)}",
                $"set {own}: {Canonical.Number(expected)} as well, or {other}: {Canonical.Number(value)}");
        else
            errors.Add(mark, $"{Value(own, value, marks)} must equal {Value(other, expected, marks)}",
                $"set {own}: {Canonical.Number(expected)}, or {other}: {Canonical.Number(value)}");
    }

    void Split(Part part, string path, double fraction, SplitRule rule, TrialMarks marks)
    {
        long total = rule.Total(part.Component), taken = SplitRule.Taken(fraction, total);
        if (taken >= 1 && taken < total) return;
        string fix = total < 2
            ? $"a split needs at least 2 {rule.Things}: make the data larger"
            : $"choose a fraction between {(1.0 / total).ToString("G3", CultureInfo.InvariantCulture)} and {(1 - 1.0 / total).ToString("G3", CultureInfo.InvariantCulture)}";
        errors.Add(marks.Nearest(path), $"{Value(path, fraction, marks)} of {total} {rule.Things} leaves {(taken < 1 ? "no training" : "no test")} {rule.Things}", fix);
    }

    /// <summary>
    /// Where a rule between two values is reported: at its own value when the spec writes it, unless only the other
    /// one varies (a swept value, an override); at the other when only that one is written; else at the closest section.
    /// </summary>
    static (Mark Mark, bool AtOther) Place(string own, string other, TrialMarks marks)
    {
        var ownMark = marks.Written(own);
        var otherMark = marks.Written(other);
        if (ownMark is { } a && !(otherMark is { } b && marks.Varies(b) && !marks.Varies(a))) return (a, false);
        if (otherMark is { } o) return (o, true);
        return (marks.Nearest(own), false);
    }

    static string Value(string path, double value, TrialMarks marks) =>
        $"{path} = {Canonical.Number(value)}{(marks.Written(path) is null ? " (the default)" : "")}";

    static double? Lookup(IReadOnlyList<Part> parts, string path)
    {
        var parent = TrialMarks.Parent(path);
        var part = parts.FirstOrDefault(p => p.Path == parent);
        return part is not null && part.Component.Params.TryGetValue(path[(parent!.Length + 1)..], out var value) && value is long or double
            ? Number(value)
            : null;
    }

    static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>A bound value as a spec writes it: true, 0.5, zeros.</summary>
    static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        long or double => Canonical.Number(Number(value)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    static string KindOf(string area) => $"{("aeiou".Contains(area[0]) ? "an" : "a")} {area} kind";

    void CheckNeed(Requirer requirer, Need need, IReadOnlyList<Part> parts, TrialMarks marks, IReadOnlySet<string> failed)
    {
        if (Provided(parts, need)) return;
        var providers = In(parts, need.Area);

        // One line `problem; fix`: the problem itself never contains "; ".
        string needs = $"{requirer.What} needs {need.Trait.Description}";
        string because = need.Reason is null ? "" : $" ({need.Reason})";
        // A need that comes with one of the requirer's values (optimizer.lr_scale: design) goes away with another value.
        string orElse = requirer.IsMetric ? $", or remove {requirer.Name} from `metrics:`"
            : need.Param is null ? $", or another {requirer.Area}" : $", or another {requirer.Path}.{need.Param}";

        // Provided by this kind, but not with the value its parameter has: that value is the one to change.
        foreach (var part in providers)
        {
            if (part.Kind.Provides.FirstOrDefault(v => v.Trait == need.Trait && v.Param is not null) is not { } provision) continue;
            string param = $"{part.Path}.{provision.Param}";
            if (failed.Contains(param)) return;
            errors.Add(marks.Nearest(param), $"{needs}, which {part.Path} {part.Component.Kind} provides only with {provision.Param} {provision.Condition}, not {param} = {Text(part.Component.Params[provision.Param!])}{because}",
                $"set {param} {provision.Condition}{orElse}");
            return;
        }

        // The part to change: the most nested one whose area has a kind that provides the trait (data.target for true coefficients).
        var provider = providers.LastOrDefault(p => Providers(p.Area, need.Trait).Count > 0) ?? providers[0];
        var kinds = Providers(provider.Area, need.Trait);
        string choice = kinds.Count == 0 ? $"no {provider.Area} kind provides it" : string.Join(", ", kinds);
        var providerMark = marks.Written($"{provider.Path}.kind");
        var requirerMark = requirer.IsMetric ? marks.Written(requirer.Path)
            : (need.Param is null ? null : marks.Written($"{requirer.Path}.{need.Param}")) ?? marks.Written($"{requirer.Path}.kind");

        if (providerMark is null)
        {
            errors.Add(marks.Nearest($"{provider.Path}.kind"), $"{needs}, which the default {provider.Path} {provider.Component.Kind} does not provide{because}",
                kinds.Count == 0 ? $"remove {requirer.What}" : $"{Add(provider.Path, kinds[0], marks)}{(kinds.Count > 1 ? $" (kinds that provide it: {choice})" : "")}{orElse}");
        }
        else if (requirerMark is null)
        {
            var fitting = Fitting(requirer.Area, parts);
            errors.Add(marks.Nearest($"{requirer.Path}.kind"), $"{provider.Path} {provider.Component.Kind} does not fit the default {requirer.What}, which needs {need.Trait.Description}",
                fitting.Count == 0 ? $"use {KindOf(provider.Area)} that provides it ({choice})" : $"{Add(requirer.Path, fitting[0], marks)}{(fitting.Count > 1 ? $" (kinds that fit: {string.Join(", ", fitting)})" : "")}");
        }
        else
        {
            var mark = marks.Varies(providerMark.Value) && !marks.Varies(requirerMark.Value) ? providerMark.Value : requirerMark.Value;
            errors.Add(mark, $"{needs}, which {provider.Path} {provider.Component.Kind} does not provide{because}",
                kinds.Count == 0 ? $"remove {requirer.What}" : $"use {KindOf(provider.Area)} that provides it ({choice}){orElse}");
        }
    }

    /// <summary>The kinds of an area that provide a trait (conditionally: with the condition in words).</summary>
    List<string> Providers(string area, Trait trait) =>
    [
        .. catalog.Area(area).Kinds
            .Select(k => (k.Name, Provision: k.Provides.FirstOrDefault(v => v.Trait == trait)))
            .Where(k => k.Provision is not null)
            .Select(k => k.Provision!.Param is null ? k.Name : $"{k.Name} ({k.Provision.Param} {k.Provision.Condition})"),
    ];

    /// <summary>The kinds of a requirer's area whose needs this trial meets: what to write instead of a default that does not fit.</summary>
    List<string> Fitting(string area, IReadOnlyList<Part> parts) =>
        [.. catalog.Area(area).Kinds.Where(kind => kind.Needs.Where(need => need.AppliesByDefault(kind)).All(need => Provided(parts, need))).Select(kind => kind.Name)];

    /// <summary>The parts of an area: its component and the ones nested in it (data and data.target).</summary>
    static List<Part> In(IReadOnlyList<Part> parts, string area) =>
        [.. parts.Where(p => p.Path == area || p.Path.StartsWith(area + ".", StringComparison.Ordinal))];

    /// <summary>True when a part of the need's area provides its trait with the values it has.</summary>
    static bool Provided(IReadOnlyList<Part> parts, Need need) =>
        In(parts, need.Area).Any(p => p.Kind.Provides.Any(v => v.Trait == need.Trait && v.HoldsFor(p.Component)));

    /// <summary>The fix that writes a missing kind: `model: x` at the top, `kind: x` in a section that is there, `target: x` under its parent.</summary>
    static string Add(string path, string kind, TrialMarks marks)
    {
        string name = kind.Split(' ')[0];
        if (marks.Written(path) is not null) return $"add `kind: {name}` to `{path}:`";
        return TrialMarks.Parent(path) is { } parent ? $"add `{path[(parent.Length + 1)..]}: {name}` to `{parent}:`" : $"add `{path}: {name}`";
    }

    /// <summary>
    /// A metric that compares with an interpolant needs one to exist: no more training points than coefficients,
    /// unless the targets are exactly linear in the coefficients (noiseless linear data, a model linear in w).
    /// </summary>
    void CheckInterpolant(string metric, IReadOnlyList<Part> parts, TrialMarks marks)
    {
        var data = parts.First(p => p.Path == "data");
        var model = parts.First(p => p.Path == "model");
        if (data.Kind.Size is null || model.Kind.CoefficientCount is null) return;
        var size = data.Kind.Size(data.Component);
        double coefficients = model.Kind.CoefficientCount(model.Component, size.Features);
        if (size.Train <= coefficients) return;
        if (Provided(parts, Need.Data(Traits.ExactLinearTargets)) && Provided(parts, Need.Model(Traits.LinearInCoefficients))) return;
        string n = size.Train.ToString("N0", CultureInfo.InvariantCulture), p = coefficients.ToString("N0", CultureInfo.InvariantCulture);
        errors.Add(marks.Nearest($"metrics.{metric}"),
            $"metric {metric} compares with an interpolant (Xw = y), but the {n} training points outnumber the {p} coefficients of model {model.Component.Kind} and the targets are not exactly linear in them, so none exists",
            $"use at most {p} training points (or more features), noiseless linear targets, or remove {metric} from `metrics:`");
    }

    /// <summary>Refuses a trial whose data and parameters would not fit the per-trial memory budget.</summary>
    void CheckSize(IReadOnlyList<Part> parts, TrialMarks marks)
    {
        var data = parts.First(p => p.Path == "data");
        var model = parts.First(p => p.Path == "model");
        if (data.Kind.Size is null) return;
        var size = data.Kind.Size(data.Component);
        double parameters = model.Kind.ParameterCount?.Invoke(model.Component, size.Features) ?? 0;
        double dataBytes = 8 * size.Values, parameterBytes = 8 * ParameterCopies * parameters, bytes = dataBytes + parameterBytes;
        if (bytes <= limits.MaxTrialBytes) return;
        errors.Add(marks.Nearest(parameterBytes > dataBytes ? "model" : "data"),
            $"one trial needs about {Bytes(bytes)} ({Bytes(dataBytes)} of data, {Bytes(parameterBytes)} for {parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters with their gradients and optimizer state), more than the budget of {Bytes(limits.MaxTrialBytes)} per trial",
            $"use smaller sizes, or raise the budget with {SpecLimits.BytesVariable}=BYTES (now {limits.MaxTrialBytes.ToString(CultureInfo.InvariantCulture)})");
    }

    static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int unit = 0;
        for (; bytes >= 1024 && unit < units.Length - 1; unit++) bytes /= 1024;
        return unit == units.Length - 1 && bytes >= 1024
            ? $"{bytes.ToString("G3", CultureInfo.InvariantCulture)} {units[unit]}"
            : $"{bytes.ToString(bytes < 10 ? "0.#" : "0", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
