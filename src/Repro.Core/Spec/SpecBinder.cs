using System.Globalization;
using Repro.Core.Catalog;
using Repro.Core.Spec.Binding;
using Repro.Core.Spec.Yaml;

namespace Repro.Core.Spec;

/// <summary>
/// Turns the YAML tree into one <see cref="ResolvedSpec"/>. Orchestrates the binders in Binding/: the
/// top-level fields here, the sweep (<see cref="SweepExpander"/>), each point's trial (<see cref="TrialBinder"/>),
/// then claims and figures, which name the trials' paths. Every error is collected before failing, each
/// at its position.
/// </summary>
public static class SpecBinder
{
    static readonly string[] TopKeys =
        ["name", "title", "source", "data", "model", "init", "optimizer", "schedule", "loss", "train", "eigensolver",
         "seeds", "device", "dtype", "sweep", "metrics", "derived", "artifacts", "claims", "figures"];

    /// <summary>The keys that describe one trial: the only roots a sweep may vary.</summary>
    public static IReadOnlyList<string> TrialKeys => SweepExpander.TrialKeys;

    /// <summary>The keys of a figure and the names of its kinds (README documents each).</summary>
    public static IReadOnlyList<string> FigureKeys => FigureBinder.Keys;
    public static IReadOnlyList<string> FigureKinds => FigureBinder.Kinds;

    public static ResolvedSpec Load(string path, KindCatalog catalog) => Bind(YamlReader.ReadFile(path), path, catalog);

    /// <summary>Loads a spec with `--set PATH=VALUE` overrides applied before validation.</summary>
    public static ResolvedSpec Load(string path, KindCatalog catalog, IReadOnlyList<string> overrides) =>
        Bind(SpecOverrides.Apply(YamlReader.ReadFile(path), overrides), path, catalog);

    public static ResolvedSpec Parse(string yaml, string file, KindCatalog catalog) => Bind(YamlReader.Read(yaml, file), file, catalog);

    /// <summary>
    /// One `{ kind: ..., params }` block of <paramref name="area"/> bound alone, as a spec would bind it (defaults,
    /// ranges, the rules among its own values) but without the rules that relate it to the other parts of a
    /// trial: for tests and tools that build one engine part.
    /// </summary>
    public static Component ParseComponent(string area, string yaml, string file, KindCatalog catalog)
    {
        var errors = new SpecErrors();
        var component = YamlReader.Read($"{area}: {yaml}\n", file) is MapNode tree ? new TrialBinder(catalog, errors).BindAlone(tree, area) : null;
        errors.ThrowIfAny();
        return component ?? throw new SpecException(new SpecError(Mark.StartOf(file), $"{area} must be a kind or a mapping with `kind:`", $"write e.g. `{{ kind: {catalog.Area(area).DefaultKind} }}`"));
    }

    public static ResolvedSpec Bind(Node root, string file, KindCatalog catalog, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.FromEnvironment();
        if (root is not MapNode map)
            throw new SpecException(new SpecError(root.Mark, "a spec must be a mapping of keys", "start with `name: my-experiment`"));
        var errors = new SpecErrors();
        Nodes.CheckKeys(map, TopKeys, "the spec", errors);

        string name = BindName(map, errors);
        string title = Nodes.Text(map, "title", errors) ?? name;
        string source = Nodes.Text(map, "source", errors) ?? "";
        var seeds = BindSeeds(map.Find("seeds"), errors);
        var metrics = BindMetrics(map.Find("metrics"), catalog, errors);
        var artifacts = BindArtifacts(map.Find("artifacts"), errors);
        var derivedNames = DerivedBinder.Declared(map.Find("derived"), catalog, metrics);

        var sweep = SweepExpander.Expand(map, TopKeys, Math.Max(1, limits.MaxTrials / Math.Max(1, seeds.Count)), count =>
            $"with {seeds.Count} seed(s) that is {(count * (double)seeds.Count).ToString("N0", CultureInfo.InvariantCulture)} trials, more than the budget of {limits.MaxTrials.ToString("N0", CultureInfo.InvariantCulture)} per plan; sweep fewer values, or raise the budget with {SpecLimits.TrialsVariable}=N");
        errors.AddRange(sweep.Errors);

        var trials = new TrialBinder(catalog, errors, limits);
        var points = new List<TrialConfig>();
        Mark? deviceMark = null;
        foreach (var tree in sweep.Points)
        {
            if (trials.Bind(tree, metrics, derivedNames) is not { } config) continue;
            points.Add(config);
            if (config.Device == "cuda") deviceMark ??= (tree.Find("device")?.Value ?? map).Mark;
        }
        CheckReplacedValues(map, sweep.Replaced, metrics, catalog, errors);

        var canonicals = points.Select(p => p.ToCanonical()).ToList();
        // Two sweep points that mean the same trial would train it twice and collide on its key.
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < canonicals.Count; i++)
        {
            if (!firstOf.TryAdd(Canonical.Compact(canonicals[i]), i))
                errors.Add((map.Find("sweep")?.Value ?? map).Mark, $"sweep points {firstOf[Canonical.Compact(canonicals[i])] + 1} and {i + 1} are the same trial",
                    "list each combination of values once");
        }

        // Claims and figures name trial paths: with a trial that did not bind, they would only repeat its error.
        bool trialsBound = points.Count == sweep.Points.Count && sweep.Points.Count > 0;
        var derived = new DerivedBinder(catalog, metrics, errors).Bind(map.Find("derived"), trialsBound ? canonicals : null);
        var paths = new TrialPaths(canonicals, seeds, [.. metrics, .. derivedNames], sweep.Linked);
        var claimBinder = new ClaimBinder(catalog, paths, errors);
        var figureBinder = new FigureBinder(catalog, paths, title, errors);
        var claims = trialsBound ? Nodes.List(map.Find("claims"), "claims", claimBinder.Bind, errors) : [];
        var figures = trialsBound ? Nodes.List(map.Find("figures"), "figures", figureBinder.Bind, errors) : [];
        Nodes.CheckUnique(claims.Select(c => (c.Id, c.Mark)), "claim", errors);
        Nodes.CheckUnique(figures.Select(f => (f.Id, f.Mark)), "figure", errors);

        errors.ThrowIfAny();
        return new ResolvedSpec(file, name, title, source, seeds, metrics, points, claims, figures, deviceMark ?? (map.Find("device")?.Value ?? map).Mark)
        {
            Derived = derived,
            Artifacts = artifacts,
        };
    }

    /// <summary>True when a canonical value equals a YAML scalar: numerically for numbers, textually otherwise.</summary>
    public static bool Matches(System.Text.Json.Nodes.JsonNode? value, string text) => TrialPaths.Matches(value, text);

    /// <summary>
    /// A value the spec writes at a path that the sweep sets in every point is never used, so no point checks it;
    /// it is checked here on its own (`depth: abc` under `sweep: { model.depth: [...] }` is still an error).
    /// Only errors located inside those values count: the rest of the unswept tree is not a trial.
    /// </summary>
    static void CheckReplacedValues(MapNode map, IReadOnlyList<Node> replaced, IReadOnlyList<string> metrics, KindCatalog catalog, SpecErrors errors)
    {
        if (replaced.Count == 0) return;
        var marks = new HashSet<Mark>();
        foreach (var node in replaced) Collect(node, marks);
        var own = new SpecErrors();
        new TrialBinder(catalog, own).Bind(map, metrics, crossChecks: false);
        errors.AddRange(own.ToList().Where(e => marks.Contains(e.Where)));

        static void Collect(Node node, HashSet<Mark> marks)
        {
            marks.Add(node.Mark);
            switch (node)
            {
                case MapNode m:
                    foreach (var e in m.Entries) { marks.Add(e.Key.Mark); Collect(e.Value, marks); }
                    break;
                case SeqNode s:
                    foreach (var item in s.Items) Collect(item, marks);
                    break;
            }
        }
    }

    static string BindName(MapNode map, SpecErrors errors)
    {
        if (map.Find("name") is not { } entry)
        {
            errors.Add(map.Mark, "missing required key 'name'", "add `name: my-experiment` (it names the folder under results/)");
            return "unnamed";
        }
        if (entry.Value is not ScalarNode s || s.IsNull)
        {
            errors.Add(entry.Value.Mark, "name must be a word", "write e.g. `name: min-norm-regression`");
            return "unnamed";
        }
        if (!Nodes.SafeName().IsMatch(s.Text))
            errors.Add(s.Mark, $"name '{Nodes.Describe(s.Text)}' is not a safe folder name",
                "use lowercase letters, digits, '-' and '_' only (no '/', '..' or spaces), at most 64 characters");
        return s.Text;
    }

    static IReadOnlyList<long> BindSeeds(MapEntry? entry, SpecErrors errors)
    {
        if (entry is null) return [0];
        if (entry.Value is not SeqNode seq || seq.Items.Count == 0)
        {
            errors.Add(entry.Value.Mark, "seeds must be a non-empty list of whole numbers", "write e.g. `seeds: [0, 1, 2]`");
            return [0];
        }
        var seeds = new List<long>();
        foreach (var item in seq.Items)
        {
            if (item is ScalarNode { Plain: true } s && long.TryParse(s.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) && seed >= 0)
            {
                if (seeds.Contains(seed)) errors.Add(s.Mark, $"seed {seed} is listed twice", "list each seed once");
                seeds.Add(seed);
            }
            else errors.Add(item.Mark, $"a seed must be a whole number >= 0, got {Nodes.Describe(item)}", "write e.g. `seeds: [0, 1, 2]`");
        }
        return seeds;
    }

    /// <summary>`artifacts: [weights]`: optional artifacts by name, each once.</summary>
    static IReadOnlyList<string> BindArtifacts(MapEntry? entry, SpecErrors errors)
    {
        if (entry is null) return [];
        if (entry.Value is not SeqNode seq)
        {
            errors.Add(entry.Value.Mark, "artifacts must be a list of artifact names", DidYouMean.Allowed("", ArtifactKinds.All, "artifacts"));
            return [];
        }
        var artifacts = new List<string>();
        foreach (var item in seq.Items)
        {
            if (item is not ScalarNode s || !ArtifactKinds.All.Contains(s.Text))
                errors.Add(item.Mark, $"unknown artifact {Nodes.Describe(item)}", DidYouMean.Allowed((item as ScalarNode)?.Text ?? "", ArtifactKinds.All, "artifacts"));
            else if (artifacts.Contains(s.Text))
                errors.Add(s.Mark, $"artifact '{s.Text}' is listed twice", "list each artifact once");
            else artifacts.Add(s.Text);
        }
        return artifacts;
    }

    static IReadOnlyList<string> BindMetrics(MapEntry? entry, KindCatalog catalog, SpecErrors errors)
    {
        var known = catalog.Metrics.Select(m => m.Name).ToList();
        if (entry is null) return ["train_loss", "test_loss"];
        if (entry.Value is not SeqNode seq || seq.Items.Count == 0)
        {
            errors.Add(entry.Value.Mark, "metrics must be a non-empty list of metric names", DidYouMean.Allowed("", known, "known metrics"));
            return [];
        }
        var metrics = new List<string>();
        foreach (var item in seq.Items)
        {
            if (item is not ScalarNode s || !known.Contains(s.Text))
                errors.Add(item.Mark, $"unknown metric {Nodes.Describe(item)}", DidYouMean.Allowed((item as ScalarNode)?.Text ?? "", known, "known metrics"));
            else if (metrics.Contains(s.Text))
                errors.Add(s.Mark, $"metric '{s.Text}' is listed twice", "list each metric once");
            else metrics.Add(s.Text);
        }
        return metrics;
    }
}
