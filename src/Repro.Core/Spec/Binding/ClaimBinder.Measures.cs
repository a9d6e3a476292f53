using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Repro.Core.Claims;
using Repro.Core.Claims.Contrasts;
using Repro.Core.Claims.Measures;
using Repro.Core.Claims.Scaling;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec.Binding;

/// <summary>
/// `compare:` (with `as:`) and `scaling:`, the keys that make a claim measure pairs or series of trials instead of
/// single trials. Everything a measure later needs is checked here, against the trials the claim's `where:` selects:
/// the path is swept, the values are its values (or recorded steps), and every pair or series is whole.
/// </summary>
sealed partial class ClaimBinder
{
    const string CompareFix = "write e.g. `compare: { model.depth: [3, 2] }` (a swept path, or `step`, then A and B)";

    static readonly Regex ScalingForm = new(@"^(?<form>.+?)\s+in\s+(?<path>\S+)\z");

    /// <summary>The claim's measure and how many units it makes, or (null, 0) when it has none or it did not bind (reported).</summary>
    (Measure? Measure, int Units) BindMeasure(MapNode map, Node? atNode, Node? expectNode, Expectation? expect, Node? monotoneNode)
    {
        var compare = map.Find("compare")?.Value;
        var asNode = map.Find("as")?.Value;
        var scaling = map.Find("scaling")?.Value;
        if (asNode is not null && compare is null)
            errors.Add(asNode.Mark, "`as:` says how `compare:` makes one number of its two values, but this claim has no `compare:`",
                "add e.g. `compare: { model.depth: [3, 2] }`, or remove `as:`");
        if (compare is null && scaling is null) return (null, 0);
        if (compare is not null && scaling is not null)
        {
            errors.Add(scaling.Mark, "a claim takes one of `compare:` and `scaling:`", "write two claims");
            return (null, 0);
        }
        string key = compare is not null ? "compare" : "scaling";
        if (monotoneNode is not null)
        {
            errors.Add(monotoneNode.Mark, $"`{key}:` makes values to compare with a bound, not a trend", "write e.g. `expect: \"< 0.5\"` instead of `monotone:`");
            return (null, 0);
        }
        if (expect is { Metric: { } other })
        {
            errors.Add(expectNode!.Mark, $"with `{key}:`, expect compares with a number, not with {other}", "write e.g. `expect: \"< 0.5\"`");
            return (null, 0);
        }
        int units = 0;
        Measure? measure = compare is not null ? BindCompare(compare, asNode, atNode, ref units) : BindScaling(scaling!, ref units);
        return (measure, units);
    }

    /// <summary>`compare: { PATH: [A, B] }` or `compare: { step: [A, B] }`, with `as:`.</summary>
    Measure? BindCompare(Node node, Node? asNode, Node? atNode, ref int units)
    {
        if (node is not MapNode { Entries: [var entry] } || entry.Value is not SeqNode { Items: [ScalarNode { IsNull: false } a, ScalarNode { IsNull: false } b] })
        {
            errors.Add(node.Mark, $"compare must be one path and a list of its two values, got {Nodes.Describe(node)}", CompareFix);
            return null;
        }
        Contrast? contrast = null;
        if (asNode is null)
            errors.Add(node.Mark, "compare needs `as:`: how to make one number of A's value and B's",
                $"add {string.Join(" or ", ClaimForms.As.Select(f => $"`as: {f.Syntax}`"))}");
        else
            contrast = BindForm(ClaimForms.As, asNode);
        return entry.Key.Text == ClaimSpec.StepMetric ? BindSteps(a, b, contrast, atNode, ref units) : BindSweepPoints(entry.Key, a, b, contrast, ref units);
    }

    /// <summary>`compare: { step: [A, B] }`: two steps every selected trial records; one unit per trial.</summary>
    TwoSteps? BindSteps(ScalarNode a, ScalarNode b, Contrast? contrast, Node? atNode, ref int units)
    {
        int before = errors.Count;
        long? Step(ScalarNode value)
        {
            if (!long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
            {
                errors.Add(value.Mark, $"compare step {Nodes.Describe(value)} is not a step number", "write e.g. `compare: { step: [2000, 1000] }` (two recorded steps)");
                return null;
            }
            if (NotRecorded(step) is { } why)
                errors.Add(value.Mark, $"step {step} is not a recorded step ({why})", "use 0, a multiple of train.log_every, or the last step");
            return step;
        }
        long? stepA = Step(a), stepB = Step(b);
        if (stepA is not null && stepA == stepB)
            errors.Add(b.Mark, $"compare reads step {stepA} twice", "compare two different steps");
        if (atNode is not null)
            errors.Add(atNode.Mark, "compare: { step: [A, B] } reads the metric at its two steps, so `at:` does not apply", "remove `at:`");
        units = trials.Count(selected);
        return errors.Count > before || contrast is null ? null : new TwoSteps(stepA!.Value, stepB!.Value, contrast);
    }

    /// <summary>`compare: { PATH: [A, B] }`: two values of a swept path, and a partner for every selected trial at either.</summary>
    SweepPoints? BindSweepPoints(ScalarNode key, ScalarNode a, ScalarNode b, Contrast? contrast, ref int units)
    {
        string path = key.Text;
        if (path == "seed")
        {
            errors.Add(key.Mark, "compare pairs trials of one seed, so it cannot compare seeds", "compare a swept path, or `step`");
            return null;
        }
        if (!IsSwept(key.Mark, path) || !Unfixed(key.Mark, path, "compare")) return null;

        // Each side as the trials hold it, so that `3` and `3.0` name one depth.
        JsonNode? Value(ScalarNode side)
        {
            var value = trials.Points.Select(p => Canonical.At(p, path)).FirstOrDefault(v => v is JsonValue && TrialPaths.Matches(v, side.Text));
            if (value is null)
                errors.Add(side.Mark, $"compare {path} = {Nodes.Describe(side.Text)} matches no trial", $"values of {path} in this spec: {string.Join(", ", trials.Values(path))}");
            return value;
        }
        JsonNode? valueA = Value(a), valueB = Value(b);
        if (valueA is null || valueB is null) return null;
        if (JsonNode.DeepEquals(valueA, valueB))
        {
            errors.Add(b.Mark, $"compare names {path} = {Canonical.Text(valueA)} twice", "compare two different values");
            return null;
        }

        int pairs = 0;
        var along = trials.Along(path);
        foreach (var group in trials.Selected(selected).GroupBy(p => SweepGroups.Without(p, path, along)))
        {
            var atA = group.Where(p => JsonNode.DeepEquals(Canonical.At(p, path), valueA)).ToList();
            var atB = group.Where(p => JsonNode.DeepEquals(Canonical.At(p, path), valueB)).ToList();
            if (atA.Count == 0 && atB.Count == 0) continue;
            if (atA.Count == 0 || atB.Count == 0)
            {
                errors.Add(key.Mark, $"the trials at {Label((atA.Count == 0 ? atB : atA)[0], path)} have no partner at {path} = {Canonical.Text(atA.Count == 0 ? valueA : valueB)} that differs from them only in {path}",
                    $"sweep {path} over both values at every setting of the other swept paths, or narrow `where:` to the settings that have both");
                return null;
            }
            // A kind can be met twice (its component's other values go with it: `init.kind: normal` at two scales), and so can
            // a value repeated on a linked axis (`model.depth+init.value: [[2, 0.01], [2, 0.1]]`).
            if ((atA.Count > 1 ? atA : atB.Count > 1 ? atB : null) is { } many)
            {
                errors.Add(key.Mark, $"{many.Count} sweep points at {path} = {Canonical.Text(Canonical.At(many[0], path))} {Ambiguity(many, path, along)}, so compare cannot tell which to pair",
                    "sweep one of them, or compare a path that tells them apart");
                return null;
            }
            pairs++;
        }
        if (pairs == 0)
        {
            errors.Add(key.Mark, $"`where:` selects no trials at {path} = {Canonical.Text(valueA)} or {Canonical.Text(valueB)}", "change `where:`");
            return null;
        }
        units = pairs * trials.SelectedSeeds(selected);
        return contrast is null ? null : new SweepPoints(path, valueA.DeepClone(), valueB.DeepClone(), contrast) { Along = along };
    }

    /// <summary>`scaling: FORM in PATH`: a numeric swept path of positive values, two or more in every selected series.</summary>
    ScalingLaw? BindScaling(Node node, ref int units)
    {
        if (node is not ScalarNode s || ScalingForm.Match(s.Text.Trim()) is not { Success: true } m)
        {
            errors.Add(node.Mark, $"scaling must read FORM in PATH ({ClaimForms.Scaling.Syntaxes()}), got {Nodes.Describe(node)}", "write e.g. `scaling: exponent in data.n_train`");
            return null;
        }
        var law = BindForm(ClaimForms.Scaling, new ScalarNode(s.Mark, m.Groups["form"].Value, true));
        string path = m.Groups["path"].Value;
        if (law is null || !IsSwept(node.Mark, path) || !Unfixed(node.Mark, path, "scaling")) return null;

        var points = trials.Selected(selected).ToList();
        if (points.FirstOrDefault(p => !(ClaimChecker.Numeric(Canonical.At(p, path)) > 0)) is { } bad)
        {
            errors.Add(node.Mark, $"scaling fits a power of {path}, so its values must be positive numbers; {path} = {Canonical.Text(Canonical.At(bad, path))} is not",
                $"narrow `where:` to positive values of {path}, or fit another path");
            return null;
        }
        var along = trials.Along(path);
        var series = points.GroupBy(p => SweepGroups.Without(p, path, along)).ToList();
        if (series.FirstOrDefault(g => g.Count() < 2) is { } single)
        {
            errors.Add(node.Mark, $"the trials at {Label(single.First(), path)} are the only value of {path} among trials that differ only in {path}",
                $"sweep {path} over at least two values at every setting of the other swept paths, or narrow `where:`");
            return null;
        }
        // Linked values can repeat the path's (`a+b: [[1, 0.1], [1, 0.2]]`): a series cannot hold one value twice.
        foreach (var group in series)
            if (group.GroupBy(p => Canonical.Text(Canonical.At(p, path))).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                errors.Add(node.Mark, $"{twice.Count()} sweep points at {path} = {twice.Key} {Ambiguity([.. twice], path, along)}, so a series would hold {path} = {twice.Key} twice",
                    "sweep the paths that tell them apart on an axis of their own");
                return null;
            }
        units = series.Count * trials.SelectedSeeds(selected);
        return law with { Path = path, Along = along };
    }

    /// <summary>Whether `where:` leaves free what <paramref name="path"/> varies; else reports the filter that fixes it.</summary>
    bool Unfixed(Mark mark, string path, string key)
    {
        if (selected.FirstOrDefault(w => SweepGroups.Inside(w.Key, path, trials.Along(path))) is not { Key: { } fixedPath }) return true;
        errors.Add(mark, $"`where:` fixes {fixedPath}, which `{key}:` varies", $"remove {fixedPath} from `where:`");
        return false;
    }

    /// <summary>How sweep points with one value of <paramref name="path"/> still differ: inside its kind's component, or in the paths linked to it.</summary>
    string Ambiguity(IReadOnlyList<JsonObject> many, string path, IReadOnlyList<string> along)
    {
        string values = string.Join("; ", many.Select(p => string.Join(", ", trials.Swept().Where(q => SweepGroups.Inside(q, path, along) && q != path)
            .Select(q => $"{q} = {Canonical.Text(Canonical.At(p, q))}"))));
        return along.Count == 0
            ? $"differ only inside {SweepGroups.Varied(path)} ({values})"
            : $"differ only in what the sweep varies with {path} ({values})";
    }

    /// <summary>`model.depth = 3 (init.scale = 0.1)`: a sweep point in an error, its value of the path first.</summary>
    string Label(JsonObject point, string path)
    {
        var others = trials.Swept().Where(p => !SweepGroups.Inside(p, path, trials.Along(path))).Select(p => $"{p} = {Canonical.Text(Canonical.At(point, p))}").ToList();
        string at = $"{path} = {Canonical.Text(Canonical.At(point, path))}";
        return others.Count == 0 ? at : $"{at} ({string.Join(", ", others)})";
    }
}
