using System.Globalization;
using System.Text;

namespace Repro.Cli.Emit;

/// <summary>
/// `repro emit k8s`: a PersistentVolumeClaim for the shared cache, an Indexed Job whose pods (`--shard auto`, from
/// JOB_COMPLETION_INDEX) train the shards into it, and the publish Job, created suspended: resumed once the shards
/// are complete, it finds every trial in the cache, publishes onto the volume and checks the claims.
/// </summary>
public sealed class KubernetesTemplate : ITemplate
{
    const string CacheMount = "/cache";

    public string Name => "k8s";

    public string DefaultRepro => "repro";

    public string Description => "a Kubernetes manifest: the cache's volume claim, an Indexed Job of the shards, and a suspended publish Job";

    public string Render(EmitRequest r)
    {
        string baseName = YamlText.Label("repro-" + r.Name, 63 - "-publish".Length);
        string claim = baseName + "-cache", shards = baseName + "-shards", publish = baseName + "-publish";
        var command = r.Command with { Cache = CacheMount };
        string cpu = r.CpusPerTask.ToString(CultureInfo.InvariantCulture);
        var labels = YamlText.Map(("app.kubernetes.io/name", "repro"), ("repro/spec", YamlText.Label(r.Name)));

        object Pod(string container, IReadOnlyList<string> args) => YamlText.Map(
            ("metadata", YamlText.Map(("labels", labels))),
            ("spec", YamlText.Map(
                ("restartPolicy", "Never"),
                ("containers", new[]
                {
                    YamlText.Map(
                        ("name", container),
                        ("image", r.Image),
                        ("workingDir", "/work"),
                        ("command", r.Repro.ToArray()),
                        ("args", args.ToArray()),
                        ("resources", YamlText.Map(("requests", YamlText.Map(("cpu", cpu))))),
                        ("volumeMounts", new[] { YamlText.Map(("name", "cache"), ("mountPath", CacheMount)) })),
                }),
                ("volumes", new[] { YamlText.Map(("name", "cache"), ("persistentVolumeClaim", YamlText.Map(("claimName", claim)))) }))));

        var documents = new object[]
        {
            YamlText.Map(("apiVersion", "v1"), ("kind", "PersistentVolumeClaim"),
                ("metadata", YamlText.Map(("name", claim), ("labels", labels))),
                ("spec", YamlText.Map(("accessModes", new[] { "ReadWriteMany" }), ("resources", YamlText.Map(("requests", YamlText.Map(("storage", "10Gi")))))))),
            YamlText.Map(("apiVersion", "batch/v1"), ("kind", "Job"),
                ("metadata", YamlText.Map(("name", shards), ("labels", labels))),
                ("spec", YamlText.Map(
                    ("completionMode", "Indexed"),
                    ("completions", r.Shards),
                    ("parallelism", r.Shards),
                    // A pod that fails is tried once more; what it finished is in the cache, so the retry trains only the rest.
                    ("backoffLimit", r.Shards),
                    ("template", Pod("shard", command.Train("auto", r.Shards)))))),
            YamlText.Map(("apiVersion", "batch/v1"), ("kind", "Job"),
                ("metadata", YamlText.Map(("name", publish), ("labels", labels))),
                ("spec", YamlText.Map(
                    ("suspend", true),
                    ("backoffLimit", 0),
                    ("template", Pod("publish", [.. command.Publish(), "--results", CacheMount + "/results"]))))),
        };

        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"# repro: the trials of {r.Name} in {r.Shards} shards as a Kubernetes Indexed Job, meeting in the cache on\n");
        s.Append(CultureInfo.InvariantCulture, $"# the volume {claim} (ReadWriteMany: every pod mounts it), then one publish Job, created suspended:\n");
        s.Append("#   kubectl apply -f THIS_FILE\n");
        s.Append(CultureInfo.InvariantCulture, $"#   kubectl wait --for=condition=complete --timeout=24h job/{shards}\n");
        s.Append(CultureInfo.InvariantCulture, $"#   kubectl patch job/{publish} --type=merge -p '{{\"spec\":{{\"suspend\":false}}}}'\n");
        s.Append(CultureInfo.InvariantCulture, $"#   kubectl logs -f job/{publish}\n");
        s.Append(CultureInfo.InvariantCulture, $"# The image ({r.Image}) holds repro and the project at /work; results are written to {CacheMount}/results on the volume.\n");
        s.Append("# Each pod takes its shard from JOB_COMPLETION_INDEX (--shard auto); a failed pod's finished trials stay in the cache.\n");
        s.Append(string.Join("---\n", documents.Select(YamlText.Of)));
        return s.ToString();
    }
}
