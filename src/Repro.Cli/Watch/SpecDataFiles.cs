using YamlDotNet.RepresentationModel;

namespace Repro.Cli.Watch;

/// <summary>
/// The data files a spec names, for the watch: every scalar of the YAML that ends in .csv or .parquet, resolved as
/// the `file` data kind resolves it (against the spec's folder). Read from the text, not the bound spec, so that a
/// spec whose file is missing or broken still has it watched, and a sweep over files has each of them. A scalar that
/// only looks like a file name costs a needless rerun, never a missed one.
/// </summary>
public static class SpecDataFiles
{
    public static IReadOnlyList<string> Of(string spec)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(spec))!;
        var yaml = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(spec));
            yaml.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            return []; // the run reports what is wrong with the file; the next save is watched anyway
        }
        return
        [
            .. yaml.Documents.SelectMany(d => d.AllNodes).OfType<YamlScalarNode>().Select(s => s.Value ?? "")
                .Where(v => v.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || v.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                .Select(v => Path.GetFullPath(Path.Combine(folder, v))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
        ];
    }
}
