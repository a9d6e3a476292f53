using System.Text.Json.Nodes;
using Repro.Core.Catalog;

namespace Repro.Core.Spec;

// `sweep:`: every dotted path a sweep may vary, each with the schema of the values it takes.
public static partial class SpecSchema
{
    /// <summary>One sweepable path, the schema of one of its values, and words for the editor's hover.</summary>
    sealed record SweepPath(string Path, JsonObject Value, string Doc);

    /// <summary>The trial keys that are no component area: fixed fields, swept whole or field by field.</summary>
    static (JsonObject Whole, string Doc, IReadOnlyList<ParamInfo> Fields)? FixedRoot(string key) => key switch
    {
        "train" => (Fields(SpecFields.Train), "training settings: " + string.Join("; ", SpecFields.Train.Select(f => $"{f.Name}: {Words(f)}")), SpecFields.Train),
        "eigensolver" => (Fields(SpecFields.Eigensolver), "Hessian eigensolver: " + string.Join("; ", SpecFields.Eigensolver.Select(f => $"{f.Name}: {Words(f)}")), SpecFields.Eigensolver),
        "device" => (ValueSchema(SpecFields.Device), Words(SpecFields.Device), []),
        "dtype" => (ValueSchema(SpecFields.Dtype), Words(SpecFields.Dtype), []),
        _ => null,
    };

    static JsonObject Sweep(KindCatalog catalog)
    {
        var paths = SweepPaths(catalog).ToList();
        var properties = new JsonObject();
        foreach (var (path, value, doc) in paths)
        {
            properties[path] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["description"] = $"values of {path}: {doc}",
                ["items"] = value,
            };
        }
        // A linked sweep names several known paths; its values are lists of one value per path, which the
        // loader checks (a schema cannot match a key's parts to a value's positions).
        string one = "(?:" + string.Join("|", paths.Select(p => p.Path.Replace(".", "\\."))) + ")";
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "dotted path -> list of values; every combination is a sweep point. `a.b+c.d: [[1, 2], [3, 4]]` varies two paths together",
            ["properties"] = properties,
            ["patternProperties"] = new JsonObject
            {
                [$"^{one}(?: *\\+ *{one})+$"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["description"] = "linked values: each item lists one value per path, in the key's order",
                    ["items"] = new JsonObject { ["type"] = "array", ["minItems"] = 2 },
                },
            },
            ["additionalProperties"] = false,
        };
    }

    static IEnumerable<SweepPath> SweepPaths(KindCatalog catalog)
    {
        var areas = catalog.Areas.Select(a => a.Name).ToHashSet();
        foreach (var root in SpecBinder.TrialKeys)
        {
            if (areas.Contains(root))
            {
                foreach (var path in AreaPaths(catalog, catalog.Area(root), root)) yield return path;
            }
            else if (FixedRoot(root) is var (whole, doc, fields))
            {
                yield return new SweepPath(root, whole, doc);
                foreach (var field in fields) yield return new SweepPath($"{root}.{field.Name}", ValueSchema(field), Words(field));
            }
            else throw new InvalidOperationException($"the schema does not know what values the trial key '{root}' takes");
        }
    }

    /// <summary>
    /// An area's paths: the whole component, its kind, and each parameter name of any of its kinds (with
    /// the values any kind that has it allows). A component parameter (data.target) opens its own area.
    /// </summary>
    /// <param name="open">the areas being expanded around this one: an area nested in itself (init `layers` holds inits)
    /// is expanded one level deep, its own nested ones then only as whole components, so the list of paths ends</param>
    static IEnumerable<SweepPath> AreaPaths(KindCatalog catalog, AreaInfo area, string prefix, IReadOnlyList<string>? open = null)
    {
        open = [.. open ?? [], area.Name];
        yield return new SweepPath(prefix, Ref(area.Name), $"{area.Name} kind names or mappings (default {area.DefaultKind})");
        yield return new SweepPath($"{prefix}.kind", new JsonObject { ["type"] = "string", ["enum"] = KindNames(area) },
            $"{area.Name} kinds (default {area.DefaultKind})");

        var uses = area.Kinds.SelectMany(k => k.Params.Select(p => (Kind: k, Param: p))).GroupBy(u => u.Param.Name);
        foreach (var use in uses)
        {
            string path = $"{prefix}.{use.Key}";
            var componentAreas = use.Select(u => u.Param.Area).Distinct().ToList();
            if (use.All(u => u.Param.Type == ParamType.Component) && componentAreas.Count == 1)
            {
                var inner = catalog.Area(componentAreas[0]!);
                if (open.Count(a => a == inner.Name) < 2)
                {
                    foreach (var innerPath in AreaPaths(catalog, inner, path, open)) yield return innerPath;
                }
                else yield return new SweepPath(path, Ref(inner.Name), $"{inner.Name} kind names or mappings (default {inner.DefaultKind})");
                continue;
            }
            yield return new SweepPath(path, Union(use.ToList()), Words(area, use.ToList()));
        }
    }

    /// <summary>The values some kind allows: one schema where the kinds agree, else anyOf their schemas.</summary>
    static JsonObject Union(IReadOnlyList<(KindInfo Kind, ParamInfo Param)> uses)
    {
        var shapes = uses.GroupBy(u => ValueSchema(u.Param).ToJsonString()).ToList();
        if (shapes.Count == 1) return ValueSchema(uses[0].Param);
        return new JsonObject
        {
            ["anyOf"] = new JsonArray([.. shapes.Select(shape =>
            {
                var value = ValueSchema(shape.First().Param);
                value["description"] = $"{KindsOf(shape)}: {shape.First().Param.Doc}";
                return (JsonNode)value;
            })]),
        };
    }

    /// <summary>"step size η (default 0.01, 0.001 for adam, adamw)": the doc and default of each kind that has the name.</summary>
    static string Words(AreaInfo area, IReadOnlyList<(KindInfo Kind, ParamInfo Param)> uses)
    {
        static string Defaults(IEnumerable<(KindInfo Kind, ParamInfo Param)> sameDoc)
        {
            var byDefault = sameDoc.GroupBy(u => DefaultText(u.Param)).OrderByDescending(g => g.Count()).ToList();
            return "default " + byDefault[0].Key + string.Concat(byDefault.Skip(1).Select(g => $", {g.Key} for {KindsOf(g)}"));
        }
        var byDoc = uses.GroupBy(u => u.Param.Doc).ToList();
        if (byDoc.Count > 1)
            return string.Join("; ", byDoc.Select(g => $"{KindsOf(g)}: {g.Key} ({Defaults(g)})"));
        string text = $"{byDoc[0].Key} ({Defaults(uses)})";
        return uses.Count == area.Kinds.Count ? text : $"{text}; {area.Name} kinds {KindsOf(uses)}";
    }

    static string KindsOf(IEnumerable<(KindInfo Kind, ParamInfo Param)> uses) => string.Join(", ", uses.Select(u => u.Kind.Name));
}
