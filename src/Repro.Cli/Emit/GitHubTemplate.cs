using System.Globalization;
using System.Text;

namespace Repro.Cli.Emit;

/// <summary>
/// `repro emit github`: a GitHub Actions workflow whose matrix trains one shard per job into a cache of its own, uploaded
/// as an artifact (the runners share no folder); the publish job downloads them all, merges them with
/// `repro cache merge`, publishes and checks the claims, and uploads the results.
/// </summary>
public sealed class GitHubTemplate : ITemplate
{
    const string ShardCache = "shard-cache", Caches = "shard-caches", Cache = ".repro/cache";

    public string Name => "github";

    /// <summary>A runner has the checkout and the SDK, not an installed repro.</summary>
    public string DefaultRepro => "dotnet run --project src/Repro.Cli -c Release --";

    public string Description => "a GitHub Actions workflow: a matrix job per shard, each uploading its cache, then one job that merges them and publishes";

    public string Render(EmitRequest r)
    {
        string count = r.Shards.ToString(CultureInfo.InvariantCulture);
        string repro = Shell.Join(r.Repro);
        var train = r.Command with { Cache = ShardCache };
        var publish = r.Command with { Cache = Cache };
        object[] Setup() =>
        [
            YamlText.Map(("uses", "actions/checkout@v4")),
            YamlText.Map(("uses", "actions/setup-dotnet@v4"), ("with", YamlText.Map(("dotnet-version", "10.0.x")))),
        ];
        var workflow = YamlText.Map(
            ("name", $"repro {r.Name}"),
            ("on", YamlText.Map(("workflow_dispatch", new Dictionary<string, object>()))),
            ("jobs", YamlText.Map(
                ("shard", YamlText.Map(
                    ("runs-on", "ubuntu-latest"),
                    ("strategy", YamlText.Map(("fail-fast", false), ("matrix", YamlText.Map(("shard", Enumerable.Range(1, r.Shards).ToArray()))))),
                    ("steps", (object[])[
                        .. Setup(),
                        YamlText.Map(("name", $"Train shard ${{{{ matrix.shard }}}} of {count}"),
                            // Actions puts the matrix value in before the shell reads the line: `--shard '1/2'`.
                            ("run", $"{repro} {Shell.Join(train.Train($"${{{{ matrix.shard }}}}/{count}"))}")),
                        YamlText.Map(("uses", "actions/upload-artifact@v4"),
                            ("with", YamlText.Map(("name", "repro-cache-${{ matrix.shard }}"), ("path", ShardCache), ("include-hidden-files", true), ("if-no-files-found", "error")))),
                    ]))),
                ("publish", YamlText.Map(
                    ("needs", "shard"),
                    ("runs-on", "ubuntu-latest"),
                    ("steps", (object[])[
                        .. Setup(),
                        YamlText.Map(("uses", "actions/download-artifact@v4"), ("with", YamlText.Map(("pattern", "repro-cache-*"), ("path", Caches)))),
                        YamlText.Map(("name", "Merge the shards' caches"), ("run", $"{repro} cache merge {Caches}/* --cache {Cache}")),
                        YamlText.Map(("name", "Publish and check the claims"), ("run", $"{repro} {Shell.Join(publish.Publish())}")),
                        YamlText.Map(("uses", "actions/upload-artifact@v4"), ("if", "always()"),
                            ("with", YamlText.Map(("name", "repro-results"), ("path", $"results/{r.Name}"), ("if-no-files-found", "error")))),
                    ]))))));
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"# repro: the trials of {r.Name} in {r.Shards} shards as a GitHub Actions matrix (save as .github/workflows/repro-{YamlText.Label(r.Name)}.yml).\n");
        s.Append("# Runners share no folder: each shard uploads its own cache, and the publish job merges them with `repro cache merge`,\n");
        s.Append("# which refuses different bytes under one key (a reproducibility fault between runners), then publishes and checks the claims.\n");
        s.Append(YamlText.Of(workflow));
        return s.ToString();
    }
}
