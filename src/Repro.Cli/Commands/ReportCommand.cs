using Repro.Core;
using Repro.Core.Artifacts;
using Repro.Core.Report;
using Repro.Cli.Pipeline;
using Repro.Core.Spec;
using Repro.Engine.Registry;

namespace Repro.Cli.Commands;

/// <summary>
/// `repro report`: results/README.md and results/index.html from every published folder and its spec.
/// Reads only JSON and YAML, so it never loads libtorch.
/// </summary>
public static class ReportCommand
{
    public static int Execute(string resultsRoot, string specsRoot, TextWriter output)
    {
        foreach (var leftover in Publisher.RemoveLeftovers(resultsRoot)) output.WriteLine($"removed {leftover}, left by a publish that was killed");
        var experiments = Gather(resultsRoot, specsRoot);
        var files = ReportBuilder.Build(experiments);
        foreach (var (name, bytes) in new[] { (ReportFiles.ReadmeFile, files.Readme), (ReportFiles.HtmlFile, files.Html) })
        {
            string path = Path.Combine(resultsRoot, name);
            Publisher.WriteFile(path, bytes);
            output.WriteLine($"wrote {path} ({ReportText.Totals(experiments)})");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Every folder under <paramref name="resultsRoot"/> with a manifest, in ordinal name order, read with its spec.</summary>
    public static IReadOnlyList<PublishedExperiment> Gather(string resultsRoot, string specsRoot)
    {
        if (!Directory.Exists(resultsRoot))
            throw new SpecException(new SpecError(Mark.StartOf(resultsRoot), "results folder not found", "run `make results` first, or pass --results DIR"));
        return [.. PublishedFolders.Under(resultsRoot).Select(folder => Read(folder.Dir, folder.Name, specsRoot))];
    }

    /// <summary>One published folder, read with its spec; every file must match the manifest.</summary>
    public static PublishedExperiment Read(string dir, string name, string specsRoot)
    {
        string manifest = Path.Combine(dir, ArtifactSet.ManifestFile);
        if (SpecFiles.Named(specsRoot, name) is not { } spec)
            throw new SpecException(new SpecError(Mark.StartOf(manifest), $"published results '{name}' have no spec {Path.Combine(specsRoot, name + ".yaml")} (nor in a folder under {specsRoot})",
                $"add the spec, pass --specs DIR, or remove {dir}"));
        // Only a folder whose every file matches the manifest: a report must not show a claim or a figure that is not what was published.
        var check = PublishedFolder.Check(dir);
        if (check.Folder is not { } folder)
            throw Fail.Artifact(dir, $"{check.Reason}; regenerate it with `repro run {spec}`, or remove it");
        return PublishedReader.Read(SpecBinder.Load(spec, Registries.Catalog), Path.Combine(dir, ArtifactSet.ClaimsFile),
            folder.Bytes[ArtifactSet.ClaimsFile], manifest, folder.ManifestBytes, folder.Bytes);
    }
}
