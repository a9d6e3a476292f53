using Repro.Core.Claims;
using Repro.Core.Figures;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>README is the spec reference: it must name every kind, parameter and metric the engine knows.</summary>
public class DocumentationTests
{
    static readonly string Readme = File.ReadAllText(Repo.Path("README.md"));

    [Fact]
    public void The_readme_documents_every_kind_and_parameter()
    {
        var missing = Registries.Catalog.Areas
            .SelectMany(area => area.Kinds.SelectMany(kind => kind.Params.Select(p => $"`{p.Name}`").Prepend($"`{kind.Name}`")))
            .Where(word => !Readme.Contains(word, StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "README does not mention: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_readme_documents_every_metric()
    {
        foreach (var metric in Registries.Catalog.Metrics)
            Assert.Contains($"`{metric.Name}`", Readme);
    }

    [Fact]
    public void The_readme_documents_every_figure_key()
    {
        var missing = Repro.Core.Spec.SpecBinder.FigureKeys.Select(k => $"| `{k}` |").Where(word => !Readme.Contains(word, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "README does not mention: " + string.Join(", ", missing));
    }

    public static TheoryData<string> FormTables() => new(
        ClaimForms.Reduce.Table(), ClaimForms.At.Table(), ClaimForms.Expect.Table(), ClaimForms.Monotone.Table(), ClaimForms.As.Table(),
        ClaimForms.Scaling.Table(), FigureKinds.Table(), Repro.Core.Derived.Functions.Table());

    /// <summary>Each registry writes its README table, one row per registered form; README must hold it as written, nothing added.</summary>
    [Theory]
    [MemberData(nameof(FormTables))]
    public void The_readme_holds_the_generated_table_of_every_claim_form_and_figure_kind(string table)
    {
        int at = Readme.IndexOf(table, StringComparison.Ordinal);
        Assert.True(at >= 0, "README's table differs from the registered forms; it should read:\n" + table);
        string after = Readme[(at + table.Length)..];
        Assert.False(after.StartsWith('|'), "README's table has a row for a form that is not registered: " + after.Split('\n')[0]);
    }

    [Fact]
    public void The_generated_tables_have_one_row_per_registered_form()
    {
        var rows = ClaimForms.Reduce.Table().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Equal(ClaimForms.Reduce.Count(), rows.Count);
        Assert.All(ClaimForms.Reduce.Zip(rows), p => Assert.StartsWith($"| `{p.First.Syntax}` | {p.First.Doc}", p.Second));
        Assert.Equal(FigureKinds.All.Names, FigureKinds.Table().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(r => r.Split('`')[1]));
    }

    [Fact]
    public void The_fault_section_lists_every_fault_test_class_with_its_number_of_cases()
    {
        var table = Readme[Readme.IndexOf("| test class | cases | faults injected |", StringComparison.Ordinal)..].Split('\n')
            .Skip(2).TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[1].Trim('`'), cells => int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
        // Every case xUnit runs: a fact is one, a theory one per row of data.
        var counted = typeof(DocumentationTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "Repro.Tests.Faults")
            .Select(t => (t.Name, Cases: t.GetMethods().Sum(m =>
                m.GetCustomAttributes(typeof(TheoryAttribute), false).Length > 0 ? m.GetCustomAttributes(typeof(InlineDataAttribute), false).Length
                : m.GetCustomAttributes(typeof(FactAttribute), false).Length)))
            .Where(t => t.Cases > 0)
            .ToDictionary(t => t.Name, t => t.Cases);
        Assert.Equal(counted.OrderBy(c => c.Key, StringComparer.Ordinal), table.OrderBy(c => c.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_bundled_spec_is_valid()
    {
        foreach (var spec in Repo.SpecFiles())
            Assert.Equal(Path.GetFileNameWithoutExtension(spec), Repro.Core.Spec.SpecBinder.Load(spec, Registries.Catalog).Name);
    }

    [Fact]
    public void The_readme_derived_metrics_example_is_valid()
    {
        string block = Readme[Readme.IndexOf("### Derived metrics", StringComparison.Ordinal)..];
        block = block[(block.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var spec = Repro.Core.Spec.SpecBinder.Parse(Specs.Tiny.Replace("metrics: [train_loss, dist_to_min_norm]", "") + "\nsweep: { optimizer.lr: [0.01, 0.02] }\n" + block,
            "test.yaml", Registries.Catalog);
        Assert.Equal(["generalization_gap", "log_gap", "eta_t", "scaled"], spec.Derived.Select(d => d.Name));
        Assert.Single(spec.Claims);
        Assert.Single(spec.Figures);
    }

    [Fact]
    public void The_readme_claim_examples_are_valid_claims()
    {
        // The block after "One example per form:", loaded against a spec that records every metric it names.
        string block = Readme[Readme.IndexOf("One example per form:", StringComparison.Ordinal)..];
        block = block[(block.IndexOf("```yaml\n", StringComparison.Ordinal) + 8)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        block = string.Join("\n", block.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        var metrics = System.Text.RegularExpressions.Regex.Matches(block, @"(?:metric: |expect: ""[^""]*?|first )([a-z][a-z0-9_]+)")
            .Select(m => m.Groups[1].Value).Where(m => m != "step").Distinct();
        // The examples name metrics of different experiments (accuracies, margins): only the claims are checked
        // here, so the metrics' needs of the model and data are left out of the catalog.
        var catalog = new Repro.Core.Catalog.KindCatalog(Registries.Catalog.Areas, Registries.Catalog.Metrics.Select(m => m with { Needs = [], NeedsInterpolant = false }));
        var spec = Repro.Core.Spec.SpecBinder.Parse(Specs.Tiny.Replace("steps: 400, log_every: 50", "steps: 1000, log_every: 50")
            .Replace("metrics: [train_loss, dist_to_min_norm]", $"metrics: [{string.Join(", ", metrics)}]") + """

            sweep:
              init: [{ kind: zeros }, { kind: constant, value: 0.001 }, { kind: constant, value: 0.01 }]

            """ + block, "test.yaml", catalog);
        Assert.Equal(block.Split("- { id:").Length - 1, spec.Claims.Count);
    }
}
