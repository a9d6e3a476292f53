using Repro.Core.Artifacts;
using Repro.Core.Spec;
using Repro.Engine.Registry;
using Repro.Tests.Support;

namespace Repro.Tests.References;

/// <summary>
/// What metrics declare about their reference solutions (KindInfo.References) is what `ref.NAME.SCALAR` in a derived
/// metric is bound against: every published folder holds exactly the declared references and scalars of its spec's
/// metrics. (That a solution publishes its declared scalars and no others is checked on every solve.)
/// </summary>
public class ReferenceDeclarationTests
{
    [Fact]
    public void Every_published_reference_scalar_is_declared_by_a_recorded_metric_and_every_declared_one_is_published()
    {
        int checkedFolders = 0;
        foreach (string name in Published.Names())
        {
            var spec = SpecBinder.Load(Repo.Spec(name), Registries.Catalog);
            var declared = spec.Metrics.SelectMany(m => Registries.Catalog.Metric(m)!.References)
                .SelectMany(r => r.Scalars.Select(s => (r.Name, s))).ToHashSet();
            string file = Repo.Path("results", name, "references.parquet");
            var published = new HashSet<(string, string)>();
            if (File.Exists(file))
            {
                var table = ParquetTable.Read(File.ReadAllBytes(file)).Table;
                for (int i = 0; i < table.RowCount; i++)
                    if (table["coordinate"].Values[i] is null)
                        published.Add(((string)table["reference"].Values[i]!, (string)table["quantity"].Values[i]!));
            }
            Assert.True(declared.SetEquals(published), $"{name}: declared {string.Join(", ", declared.Order())}; published {string.Join(", ", published.Order())}");
            checkedFolders += published.Count > 0 ? 1 : 0;
        }
        Assert.True(checkedFolders >= 5, $"only {checkedFolders} published folders hold references");
    }
}
