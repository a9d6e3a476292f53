using System.CommandLine;
using Repro.Core.Cache;

namespace Repro.Cli.CommandLine;

/// <summary>
/// The spec argument and the options several commands take, each declared here once. One instance per parse:
/// System.CommandLine records on a symbol every command it is added to, so symbols are not shared between
/// parses (tests parse in parallel).
/// </summary>
public sealed class SharedOptions
{
    public Argument<string> Spec { get; } = new("spec") { Description = "path of a YAML spec, e.g. specs/min-norm-regression.yaml" };

    public Option<string> Results { get; } = new("--results")
    {
        Description = "folder of published results, one <spec name>/ per spec",
        DefaultValueFactory = _ => "results",
    };

    public Option<string> Cache { get; } = new("--cache")
    {
        Description = "trial cache folder (trials whose key is there are not trained again)",
        DefaultValueFactory = _ => TrialCache.DefaultRoot,
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "override a spec value, validated like the file: --set optimizer.lr=0.05 --set seeds=[0,1]",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "print one JSON document on stdout instead of the table (schema/output/<command>.schema.json); logs stay on stderr",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "log warnings and errors only" };
}
