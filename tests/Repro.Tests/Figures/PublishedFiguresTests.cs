using Repro.Core.Figures;
using Repro.Tests.Support;

namespace Repro.Tests.Figures;

/// <summary>
/// Every published figure, rendered again from the published metrics: a fast guard (no training) that a change to
/// the figure code leaves the published SVG bytes alone.
/// </summary>
public class PublishedFiguresTests
{
    public static TheoryData<string> Published() => new(PublishedResults.Names());

    [Theory]
    [MemberData(nameof(Published))]
    public void Published_figures_render_again_byte_for_byte_from_the_published_metrics(string name)
    {
        var (plan, results) = PublishedResults.Load(name);
        Assert.NotEmpty(plan.Spec.Figures);
        foreach (var figure in plan.Spec.Figures)
        {
            var published = File.ReadAllBytes(Repo.Path("results", name, "figures", figure.Id + ".svg"));
            var rendered = SvgLinePlot.Render(FigureBuilder.Build(figure, plan, results));
            Assert.True(published.AsSpan().SequenceEqual(rendered), $"results/{name}/figures/{figure.Id}.svg differs when rendered again");
        }
    }
}
