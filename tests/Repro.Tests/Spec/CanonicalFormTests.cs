using Repro.Core.Plan;
using Repro.Core.Spec;
using Repro.Tests.Support;

namespace Repro.Tests.Spec;

public class CanonicalFormTests
{
    [Fact]
    public void The_canonical_form_writes_every_default_out()
    {
        var spec = Specs.Parse("name: defaults\n");
        string json = Canonical.Compact(spec.ToCanonical());
        foreach (var expected in new[] { "\"kind\":\"gaussian-regression\"", "\"n_train\":20", "\"kind\":\"sparse-linear\"", "\"kind\":\"gd\"",
                     "\"lr\":0.01", "\"steps\":1000", "\"log_every\":10", "\"device\":\"cpu\"", "\"dtype\":\"float64\"", "\"seeds\":[0]", "\"bias\":false" })
            Assert.Contains(expected, json);
    }

    [Fact]
    public void Specs_that_mean_the_same_thing_hash_the_same()
    {
        var shorthand = Specs.Parse("name: a\ninit: zeros\nloss: mse\nsweep: { init.kind: [zeros, normal] }\n");
        var spelledOut = Specs.Parse("name: a\nloss: { kind: mse }\noptimizer: { lr: 0.01, kind: gd }\nsweep:\n  init:\n    - { kind: zeros }\n    - { kind: normal, scale: 1.0 }\n");
        Assert.Equal(shorthand.Hash, spelledOut.Hash);
    }

    [Fact]
    public void A_figure_kind_is_written_out_only_when_it_is_not_line()
    {
        const string sweep = "\nsweep: { optimizer.lr: [0.01, 0.02] }\nfigures:\n";
        var implicitLine = Specs.Parse(Specs.Tiny + sweep + "  - { id: f, y: train_loss }\n");
        var explicitLine = Specs.Parse(Specs.Tiny + sweep + "  - { id: f, kind: line, y: train_loss }\n");
        var bar = Specs.Parse(Specs.Tiny + sweep + "  - { id: f, kind: bar, x: optimizer.lr, y: train_loss }\n");

        // Figures had no kind at first: writing `line` out would change every published spec's hash.
        Assert.DoesNotContain("\"kind\":\"line\"", Canonical.Compact(implicitLine.ToCanonical()));
        Assert.Equal(implicitLine.Hash, explicitLine.Hash);
        Assert.Contains("\"kind\":\"bar\"", Canonical.Compact(bar.ToCanonical()));
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void Every_bundled_spec_hashes_as_its_published_manifest_says(string name)
    {
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.Path("results", name, "manifest.json")))!;
        var spec = SpecBinder.Load(Repo.Spec(name), Repro.Engine.Registry.Registries.Catalog);
        Assert.Equal(manifest["spec_hash"]!.GetValue<string>(), spec.Hash);
    }

    public static TheoryData<string> Published() => new(Support.Published.Names());

    /// <summary>
    /// Each optimizer parameter added after results were published (ParamInfo.Added), written as: the kind, the
    /// parameter at its default, and at another value.
    /// </summary>
    public static TheoryData<string, string, string> AddedOptimizerParameters()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var kind in Repro.Engine.Registry.Registries.Optimizers.Where(k => k.Param("lr_scale") is not null))
            cases.Add($"kind: {kind.Name}", "lr_scale: none", "lr_scale: design");
        cases.Add("kind: sgd", "replacement: false", "replacement: true");
        cases.Add("kind: mirror-descent, potential: lp", "p: 2", "p: 1.5");
        return cases;
    }

    [Theory]
    [MemberData(nameof(AddedOptimizerParameters))]
    public void An_added_parameter_at_its_default_leaves_the_canonical_form_and_the_trial_key_as_they_were(string kind, string atDefault, string changed)
    {
        string Component(string extra) => Canonical.Compact(Canonical.Of(Parts.Component("optimizer", $"{{ {kind}{extra} }}")));
        // A positive start, which mirror descent's entropy potential needs.
        string Key(string extra) => Planner.Plan(Specs.Parse(Specs.Tiny.Replace("init: zeros", "init: { kind: constant, value: 0.1 }")
            .Replace("optimizer: { kind: gd, lr: 0.05 }", $"optimizer: {{ {kind}, lr: 0.05{extra} }}")), 1).Trials[0].Key;

        Assert.Equal(Component(""), Component($", {atDefault}"));
        Assert.Equal(Key(""), Key($", {atDefault}"));
        Assert.NotEqual(Component(""), Component($", {changed}"));
        Assert.NotEqual(Key(""), Key($", {changed}"));
        // Left alone, the component writes exactly the parameters its kind had before any was added.
        var info = Repro.Engine.Registry.Registries.Catalog.Area("optimizer").Kind(kind.Split(',')[0]["kind: ".Length..])!;
        var written = Canonical.Of(Parts.Component("optimizer", $"{{ {kind} }}")).Select(p => p.Key);
        Assert.Equal(info.Params.Where(p => !p.Added).Select(p => p.Name).Append("kind").Order(StringComparer.Ordinal), written);
    }

    [Fact]
    public void Changing_any_trial_setting_changes_the_hash()
    {
        var a = Specs.Parse("name: a\noptimizer: { kind: gd, lr: 0.01 }\n");
        var b = Specs.Parse("name: a\noptimizer: { kind: gd, lr: 0.02 }\n");
        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void Trial_keys_ignore_the_spec_name_and_claims_but_not_the_engine_version()
    {
        var a = Planner.Plan(Specs.Parse(Specs.Tiny), engineVersion: 1);
        var renamed = Planner.Plan(Specs.Parse(Specs.Tiny.Replace("name: tiny", "name: other")), engineVersion: 1);
        var bumped = Planner.Plan(Specs.Parse(Specs.Tiny), engineVersion: 2);
        Assert.Equal(a.Trials.Select(t => t.Key), renamed.Trials.Select(t => t.Key));
        Assert.NotEqual(a.Trials[0].Key, bumped.Trials[0].Key);
    }

    [Fact]
    public void The_plan_is_the_sweep_grid_times_the_seeds_with_distinct_keys()
    {
        var plan = Planner.Plan(Specs.Parse(Specs.Tiny + "\nsweep:\n  optimizer.lr: [0.01, 0.02, 0.03]\n  init.kind: [zeros, normal]\n"), 1);
        Assert.Equal(3 * 2 * 2, plan.Trials.Count);
        Assert.Equal(plan.Trials.Count, plan.Trials.Select(t => t.Key).Distinct().Count());
        Assert.Equal(["init.kind", "init.scale", "optimizer.lr"], plan.SweepColumns.Select(c => c.Path).Order(StringComparer.Ordinal));
        // The first sweep key is the outermost loop; seeds are innermost.
        Assert.Equal([0.01, 0.01, 0.01, 0.01, 0.02], plan.Trials.Take(5).Select(t => t.Config.Optimizer.Double("lr")));
        Assert.Equal([0L, 1L, 0L, 1L], plan.Trials.Take(4).Select(t => t.Seed));
    }

    [Fact]
    public void A_linked_sweep_varies_several_paths_together()
    {
        var plan = Planner.Plan(Specs.Parse(Specs.Tiny + "\nsweep:\n  init.kind+optimizer.lr: [[zeros, 0.05], [normal, 0.01]]\n"), 1);
        Assert.Equal(2 * 2, plan.Trials.Count);
        Assert.Equal([("zeros", 0.05), ("zeros", 0.05), ("normal", 0.01), ("normal", 0.01)],
            plan.Trials.Select(t => (t.Config.Init.Kind, t.Config.Optimizer.Double("lr"))));
    }
}
