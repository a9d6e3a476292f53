using System.Diagnostics;
using System.Text.Json.Nodes;
using Repro.Cli.Pipeline;
using Repro.Tests.Support;

namespace Repro.Tests.Cli;

/// <summary>
/// Commands that train nothing load no libtorch (it costs about 0.6 s of every start): watched through the dynamic
/// loader itself (`LD_DEBUG=files` names every shared object a process opens), in real processes.
/// </summary>
public class LibtorchFreeStartTests
{
    static string Spec => Repo.Path("specs", "min-norm-regression.yaml");

    static string Dll => Repo.Path("src", "Repro.Cli", "bin", AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release", "net10.0", "repro.dll");

    /// <summary>Runs repro under LD_DEBUG=files: its exit code, stdout, and the native libraries of libtorch it opened.</summary>
    static (int Code, string Stdout, IReadOnlyList<string> Libtorch) Traced(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Dll, .. args]) info.ArgumentList.Add(a);
        info.Environment["LD_DEBUG"] = "files";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "repro hung");
        var opened = stderr.Split('\n').Where(l => l.Contains("file=", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, @"file=\S*lib(torch|LibTorchSharp|c10)")).ToList();
        return (p.ExitCode, stdout.Result, opened);
    }

    [Fact]
    public void A_run_that_finds_every_trial_in_the_cache_loads_no_libtorch_and_publishes_the_same_manifest()
    {
        using var temp = new TempDir();
        var first = Traced(temp.Path, "run", Spec, "--cache", "cache", "--results", "first", "--jobs", "1", "-q");
        Assert.Equal(0, first.Code);
        Assert.NotEmpty(first.Libtorch); // training loads it: the trace sees it when it is there
        var cached = Traced(temp.Path, "run", Spec, "--cache", "cache", "--results", "second", "--jobs", "1", "-q");
        Assert.Equal(0, cached.Code);
        Assert.Contains("nothing to train: all 10 trials came from the cache", cached.Stdout);
        Assert.Empty(cached.Libtorch);
        // The machine's facts came from the record the first run made: the manifests agree, provenance included.
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, "first", "min-norm-regression", "manifest.json")),
            File.ReadAllText(Path.Combine(temp.Path, "second", "min-norm-regression", "manifest.json")));

        foreach (var args in new[] { new[] { "plan", Spec, "--cache", "cache" }, ["validate", Spec], ["verify", Spec, "--results", "second", "--cache", "cache", "-q"],
                     ["report", "--results", "second", "--specs", Repo.Path("specs")], ["query", "SELECT count(*) AS n FROM trials", "--results", "second"] })
        {
            var traced = Traced(temp.Path, args);
            Assert.True(traced.Code == 0, $"repro {args[0]} exited {traced.Code}");
            Assert.True(traced.Libtorch.Count == 0, $"repro {args[0]} loaded {string.Join(", ", traced.Libtorch)}");
        }
    }

    [Fact]
    public void Recorded_machine_facts_are_used_only_when_they_are_for_this_machine_and_build_and_whole()
    {
        using var temp = new TempDir();
        string key = MachineFacts.Key();
        Assert.Equal(key, MachineFacts.Key());
        Assert.Matches("^[0-9a-f]{64}$", key);
        var good = new JsonObject
        {
            ["key"] = key, ["cuda"] = false,
            ["dispatch"] = new JsonObject { ["cpu_capability"] = "AVX2", ["intra_op_threads"] = 1, ["interop_threads"] = 1 },
            ["numerics"] = new JsonObject { ["fingerprint"] = "0123456789abcdef", ["families"] = new JsonObject { ["products"] = "fedcba9876543210" } },
        };
        string Write(JsonObject o) => temp.File(Guid.NewGuid().ToString("N") + ".json", o.ToJsonString());
        var read = MachineFacts.Read(Write(good), key);
        Assert.NotNull(read);
        Assert.Equal("AVX2", (string?)read!.Dispatch["cpu_capability"]);
        Assert.Null(MachineFacts.Read(Write(good), new string('0', 64)));            // another machine's or build's
        Assert.Null(MachineFacts.Read(temp.File("torn.json", good.ToJsonString()[..40]), key)); // a torn write
        foreach (var edit in new Action<JsonObject>[]
                 {
                     o => o.Remove("cuda"),
                     o => o["dispatch"]!["intra_op_threads"] = "one",
                     o => o["numerics"]!["fingerprint"] = "short",
                     o => o["numerics"]!["families"] = new JsonObject(),
                     o => o["dispatch"]!.AsObject()["extra"] = 1,
                 })
        {
            var bad = (JsonObject)good.DeepClone();
            edit(bad);
            Assert.Null(MachineFacts.Read(Write(bad), key));
        }
        Assert.Null(MachineFacts.Read(Path.Combine(temp.Path, "missing.json"), key));
    }
}
