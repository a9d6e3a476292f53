using System.Diagnostics;
using System.Text.Json.Nodes;
using Repro.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Repro.Tests.Emit;

/// <summary>
/// `repro emit k8s|github` files, checked the way their engines would take them: the manifest against the Kubernetes
/// schema of its apiVersion, offline; the Indexed Job run as Kubernetes runs it (each pod's command with
/// JOB_COMPLETION_INDEX set, the volume a folder); the workflow's matrix run step by step, artifacts as folders.
/// Both then publish what one process publishes.
/// </summary>
public class EmittedTemplateTests
{
    static string Spec => Repo.Path("specs", "min-norm-regression.yaml");

    static string Dll => Repo.Path("src", "Repro.Cli", "bin", AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release", "net10.0", "repro.dll");

    static Dictionary<string, byte[]> Published(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetFileName(f) is not ("provenance.json" or "manifest.json"))
        .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    /// <summary>`repro emit` from the project's root, as a user runs it there: the spec path is written as given.</summary>
    static async Task<string> Emit(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Dll, "emit", .. args]) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, stderr);
        return await stdout;
    }

    static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];
    static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;
    static IEnumerable<YamlNode> Seq(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node)[key];

    static (int Code, string Output) Process(string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), $"{file} hung");
        return (p.ExitCode, stdout.Result + stderr);
    }

    [Fact]
    public async Task The_kubernetes_manifest_is_valid_against_the_schema_of_its_api_versions()
    {
        using var temp = new TempDir();
        string manifest = temp.File("job.yaml", await Emit("k8s", "specs/min-norm-regression.yaml", "--shards", "3", "--cpus-per-task", "2", "--set", "seeds=[0,1]", "--image", "ghcr.io/lab/repro:1.4"));
        var (code, stdout, stderr) = await NodeTools.RunScript("k8s-check.mjs", [manifest]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal(["valid: v1 PersistentVolumeClaim repro-min-norm-regression-cache", "valid: batch/v1 Job repro-min-norm-regression-shards",
            "valid: batch/v1 Job repro-min-norm-regression-publish"], stdout.Trim().Split('\n'));

        // The checker refuses what Kubernetes would: a count written as a string, an argument that is a number.
        string broken = temp.File("broken.yaml", File.ReadAllText(manifest).Replace("completions: 3", "completions: \"3\"").Replace("- --shards\n        - \"3\"", "- --shards\n        - 3"));
        var refused = await NodeTools.RunScript("k8s-check.mjs", [broken]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("data/spec/completions must be integer", refused.Stdout);
        Assert.Contains("must be string", refused.Stdout);
    }

    [Fact]
    public async Task The_indexed_job_run_pod_by_pod_publishes_what_one_process_publishes()
    {
        using var temp = new TempDir();
        string volume = Path.Combine(temp.Path, "volume");
        var documents = new YamlStream();
        documents.Load(new StringReader(await Emit("k8s", "specs/min-norm-regression.yaml", "--shards", "2")));
        var jobs = documents.Documents.Select(d => d.RootNode).Where(n => Text(n, "kind") == "Job").ToList();
        var indexed = Assert.Single(jobs, j => Map(j, "spec").Children.ContainsKey("completionMode") && Text(Map(j, "spec"), "completionMode") == "Indexed");
        var publish = Assert.Single(jobs, j => j != indexed);
        Assert.Equal("true", Text(Map(publish, "spec"), "suspend"));
        int completions = int.Parse(Text(Map(indexed, "spec"), "completions"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, completions);

        // A pod as Kubernetes starts it: its command and args, the volume mounted where the container says, the project at its workingDir.
        (int, string) Pod(YamlNode job, int? index)
        {
            var container = Seq(Map(Map(Map(job, "spec"), "template"), "spec"), "containers").Single();
            string mount = Text(Seq(container, "volumeMounts").Single(), "mountPath");
            Assert.Equal("/work", Text(container, "workingDir"));
            Assert.Equal(["repro"], Seq(container, "command").Select(n => ((YamlScalarNode)n).Value));
            var args = Seq(container, "args").Select(n => ((YamlScalarNode)n).Value!).Select(a => a.StartsWith(mount, StringComparison.Ordinal) ? volume + a[mount.Length..] : a);
            var env = index is { } i ? new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null;
            return Process("dotnet", [Dll, .. args], Repo.Root, env);
        }
        var pods = Enumerable.Range(0, completions).Select(i => Task.Run(() => Pod(indexed, i))).ToArray();
        foreach (var (code, output) in await Task.WhenAll(pods)) Assert.True(code == 0, output);
        Assert.Equal(10, CacheFolder.Entries(volume).Count);

        var (published, log) = Pod(publish, null);
        Assert.True(published == 0, log);
        Assert.Contains("min-norm-regression: nothing to train: all 10 trials came from the cache", log);
        Assert.Equal(Published(Repo.Path("results", "min-norm-regression")), Published(Path.Combine(volume, "results", "min-norm-regression")));
    }

    [Fact]
    public async Task The_github_matrix_run_job_by_job_merges_its_caches_and_publishes_what_one_process_publishes()
    {
        using var temp = new TempDir();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(await Emit("github", Spec, "--shards", "2", "--repro", $"dotnet {Dll}")));
        var workflow = yaml.Documents.Single().RootNode;
        var jobs = Map(workflow, "jobs");
        var shard = Map(jobs, "shard");
        var matrix = Seq(Map(Map(shard, "strategy"), "matrix"), "shard").Select(n => ((YamlScalarNode)n).Value!).ToList();
        Assert.Equal(["1", "2"], matrix);
        string artifacts = Path.Combine(temp.Path, "artifacts");

        // A job as a runner takes it: a fresh folder, `run` lines in bash with the matrix values put in, artifacts uploaded and downloaded as folders.
        void RunJob(YamlNode job, string folder, string? value)
        {
            Directory.CreateDirectory(folder);
            foreach (var step in Seq(job, "steps"))
            {
                var fields = ((YamlMappingNode)step).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value);
                string Expand(string text) => value is null ? text : text.Replace("${{ matrix.shard }}", value, StringComparison.Ordinal);
                if (fields.TryGetValue("run", out var run))
                {
                    var (code, output) = Process("bash", ["-eo", "pipefail", "-c", Expand(((YamlScalarNode)run).Value!)], folder);
                    Assert.True(code == 0, $"{((YamlScalarNode)run).Value}:\n{output}");
                    continue;
                }
                string uses = ((YamlScalarNode)fields["uses"]).Value!;
                var with = fields.TryGetValue("with", out var w) ? (YamlMappingNode)w : new YamlMappingNode();
                if (uses.StartsWith("actions/upload-artifact@", StringComparison.Ordinal))
                    Copy(Path.Combine(folder, Expand(Text(with, "path"))), Path.Combine(artifacts, Expand(Text(with, "name"))));
                else if (uses.StartsWith("actions/download-artifact@", StringComparison.Ordinal))
                {
                    string prefix = Text(with, "pattern").TrimEnd('*');
                    foreach (var artifact in Directory.GetDirectories(artifacts).Where(d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal)))
                        Copy(artifact, Path.Combine(folder, Text(with, "path"), Path.GetFileName(artifact)));
                }
                else Assert.True(uses.StartsWith("actions/checkout@", StringComparison.Ordinal) || uses.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal), $"a step this test cannot play: {uses}");
            }
        }
        foreach (var value in matrix) RunJob(shard, Path.Combine(temp.Path, $"shard-{value}"), value);
        var publish = Map(jobs, "publish");
        Assert.Equal("shard", Text(publish, "needs"));
        RunJob(publish, Path.Combine(temp.Path, "publish"), null);

        Assert.Equal(["repro-cache-1", "repro-cache-2", "repro-results"], Directory.GetDirectories(artifacts).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Published(Repo.Path("results", "min-norm-regression")), Published(Path.Combine(artifacts, "repro-results")));
        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(artifacts, "repro-results", "provenance.json")))!;
        Assert.Equal(0, (int)provenance["trials_trained"]!);
    }

    static void Copy(string from, string to)
    {
        Assert.True(Directory.Exists(from), $"an upload of {from}, which is not there");
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
