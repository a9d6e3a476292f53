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
    public void The_readme_documents_every_figure_kind_and_key()
    {
        var words = Repro.Core.Spec.SpecBinder.FigureKinds.Select(k => $"**`{k}`**").Concat(Repro.Core.Spec.SpecBinder.FigureKeys.Select(k => $"| `{k}` |"));
        var missing = words.Where(word => !Readme.Contains(word, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "README does not mention: " + string.Join(", ", missing));
        Assert.Equal(Enum.GetNames<Repro.Core.Spec.FigureKind>().Select(n => n.ToLowerInvariant()), Repro.Core.Spec.SpecBinder.FigureKinds);
    }

    [Fact]
    public void Every_bundled_spec_is_valid()
    {
        foreach (var spec in Directory.GetFiles(Repo.Path("specs"), "*.yaml"))
            Assert.Equal(Path.GetFileNameWithoutExtension(spec), Repro.Core.Spec.SpecBinder.Load(spec, Registries.Catalog).Name);
    }
}
